package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;

class LayerRegistryTest {
    private static final List<String> BUILT_INS = List.of("Add", "BatchNormalization", "Concatenate", "Conv1D", "Conv2D", "Dense",
            "Dropout", "Embedding", "Flatten", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "LSTM", "MaxPooling1D", "MaxPooling2D",
            "SeparableConv1D", "SeparableConv2D", "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling2D", "Reshape", "Permute",
            "RepeatVector", "Activation", "LeakyReLU", "Multiply", "Subtract", "Average", "Maximum", "Minimum", "Dot");

    @Test
    void everyBuiltInIsRegisteredUnderItsType() {
        assertTrue(LayerRegistry.names().containsAll(BUILT_INS), LayerRegistry.names().toString());
        Map<String, Map<String, Object>> args = Map.of("Dense", Map.of("units", 2), "Conv1D", Map.of("filters", 2, "kernel_size", 3),
                "Conv2D", Map.of("filters", 2, "kernel_size", 3), "SeparableConv1D", Map.of("filters", 2, "kernel_size", 3),
                "SeparableConv2D", Map.of("filters", 2, "kernel_size", 3), "Dropout", Map.of("rate", 0.5),
                "Embedding", Map.of("input_dim", 5, "output_dim", 2), "LSTM", Map.of("units", 2));
        Map<String, Map<String, Object>> more = Map.of("Reshape", Map.of("target_shape", List.of(-1)), "Permute", Map.of("dims", List.of(1)),
                "RepeatVector", Map.of("n", 2), "Activation", Map.of("activation", "gelu"), "Dot", Map.of("axes", 1));
        for (String name : BUILT_INS) {
            assertEquals(name, LayerRegistry.create(name, args.getOrDefault(name, more.getOrDefault(name, Map.of()))).type());
        }
    }

    @Test
    void unknownNamesListTheCloseOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.create("Dence", Map.of()));
        assertEquals("unknown layer type 'Dence'; did you mean 'Dense'?", e.getMessage());
        assertEquals("unknown layer type 'Conv3D'; did you mean 'Conv1D' or 'Conv2D'?", LayerRegistry.unknownMessage("Conv3D"));
        assertTrue(LayerRegistry.unknownMessage("Transformer").startsWith("unknown layer type 'Transformer'; known types: Activation, Add, "),
                LayerRegistry.unknownMessage("Transformer"));
    }

    @Test
    void aRegisteredFactoryIsUsedByNameAndInConfigs() {
        LayerRegistry.register("Wide", args -> new Dense(64, "relu"));
        var e = assertThrows(IllegalStateException.class, () -> LayerRegistry.create("Wide", Map.of()));
        assertTrue(e.getMessage().contains("whose type() is 'Dense'; register it under 'Dense'"), e.getMessage());
        LayerRegistry.register(Flatten.class);
        Layer f = LayerRegistry.fromConfig(Map.of("class_name", "Flatten", "name", "flat"));
        assertEquals("Flatten 'flat'", f.describe());
    }

    @Test
    void badRegistrationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LayerRegistry.register("no spaces", args -> new Flatten()));
        var e = assertThrows(IllegalArgumentException.class, () -> LayerRegistry.register(NoFactory.class));
        assertTrue(e.getMessage().contains("needs public static Layer fromConfig(Map<String, Object> args)"), e.getMessage());
    }

    /** A layer class without the static factory the registry needs. */
    abstract static class NoFactory extends Layer {
    }
}
