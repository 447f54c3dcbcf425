package dev.hyperforge.engine.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerRegistry;

/**
 * The recurrent kernels take an activation's derivative from its output, so gelu and silu (whose
 * derivatives need the values before them) and softmax are refused when the layer is made, naming the
 * layer, the argument and the activations it supports.
 */
class RecurrentActivationRefusalTest {
    private static void refused(Runnable make, String layer, String argument, String activation) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        String expected = layer + ": argument '" + argument + "' is " + activation + ", which a recurrent layer does not support";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(e.getMessage().endsWith("; use one of " + RecurrentLayer.supportedActivations()), e.getMessage());
    }

    @Test
    void constructorsRefuseGeluSiluAndSoftmax() {
        refused(() -> new LSTM(4, false, false, false, Activation.GELU, Activation.SIGMOID, true, true), "LSTM", "activation", "gelu");
        refused(() -> new LSTM(4, false, false, false, Activation.TANH, Activation.SILU, true, true), "LSTM", "recurrent_activation", "silu");
        refused(() -> new GRU(4, false, false, false, Activation.GELU_APPROXIMATE, Activation.SIGMOID, true), "GRU", "activation",
                Activation.GELU_APPROXIMATE.keras());
        refused(() -> new GRU(4, false, false, false, Activation.TANH, Activation.SOFTMAX, true), "GRU", "recurrent_activation", "softmax");
        refused(() -> new SimpleRNN(4, false, false, false, Activation.SILU, true), "SimpleRNN", "activation", "silu");
    }

    @Test
    void configsAreRefusedWhenTheLayerIsMadeInsideBidirectionalToo() {
        refused(() -> LayerRegistry.create("LSTM", Map.of("units", 4, "activation", "gelu")), "LSTM", "activation", "gelu");
        refused(() -> LayerRegistry.create("SimpleRNN", Map.of("units", 4, "activation", "swish")), "SimpleRNN", "activation", "silu");
        refused(() -> LayerRegistry.create("Bidirectional", Map.of("layer",
                Map.of("class_name", "GRU", "config", Map.of("units", 4, "recurrent_activation", "silu")))), "GRU", "recurrent_activation", "silu");
    }

    @Test
    void theSupportedListHoldsTheOutputDerivativeActivations() {
        String s = RecurrentLayer.supportedActivations();
        assertEquals("linear, relu, sigmoid, tanh", String.join(", ", java.util.Arrays.stream(s.split(", ")).filter(
                a -> a.equals("linear") || a.equals("relu") || a.equals("sigmoid") || a.equals("tanh")).sorted().toList()));
        assertTrue(!s.contains("gelu") && !s.contains("silu") && !s.contains("softmax"), s);
        new LSTM(4, false, false, false, Activation.ELU, Activation.HARD_SIGMOID, true, true);   // accepted
    }
}
