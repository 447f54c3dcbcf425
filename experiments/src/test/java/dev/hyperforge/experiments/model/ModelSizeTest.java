package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.data.MemoryBudget;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;

/**
 * The memory estimate counts what the engine allocates (checked against a built model's parameter count), never
 * allocates itself, and saturates instead of overflowing.
 */
class ModelSizeTest {
    static final String YAML = """
            name: size
            data: {loader: random, options: {samples: 16, inputs: {x: {shape: [4]}}, outputs: {y: {shape: [1]}}}}
            model:
              inputs: [{name: x, shape: [4]}]
              layers:
                - {name: h, type: Dense, args: {units: "${units}"}}
                - {name: y, type: Dense, args: {units: 1}}
            compile: {optimizer: adam, loss: mse}
            fit: {epochs: 1, batch_size: 2}
            search:
              space: {units: {type: int, low: 2, high: 8, default: 3}}
              objective: {metric: loss, direction: min}
            """;

    @Test
    void denseLayersCountTheirWeightsAndActivations() {
        Experiment e = ExperimentFile.parse(YAML, "size.yaml");
        ModelSize s = ModelSize.of(GraphBuilder.symbolic(e, e.defaultParams()));
        assertEquals(4 * 3 + 3 + 3 * 1 + 1, s.params());
        long built = ModelFactory.build(e, e.defaultParams(), 1L).countParams();
        assertEquals(built, s.params(), "the estimate counts what the engine allocates");
        assertEquals(12, s.largestParam());
        assertEquals(0, s.largestLayer());
        assertEquals(4 + 3 + 1, s.activations());
        assertEquals(19 * 4 * 4 + 8 * 2 * 2 * 4, s.trainingBytes(2));
    }

    @Test
    void attentionNormalisationAndPositionEmbeddingsCountAsTheEngineBuildsThem() {
        Experiment e = ExperimentFile.load(java.nio.file.Path.of("transformer-text.yaml"));
        for (Map<String, Object> p : java.util.List.of(e.defaultParams(), Map.<String, Object>of("embed_dim", 16, "heads", 1, "ff_dim", 16,
                "dropout", 0.0, "lr", 0.001))) {
            ModelSize s = ModelSize.of(GraphBuilder.symbolic(e, p));
            assertEquals(ModelFactory.build(e, p, 1L).countParams(), s.params(), p.toString());
        }
        assertEquals(0, s2000().largestLayer(), "the token table (2000 x 32) is the largest array");
    }

    private static ModelSize s2000() {
        Experiment e = ExperimentFile.load(java.nio.file.Path.of("transformer-text.yaml"));
        return ModelSize.of(GraphBuilder.symbolic(e, e.defaultParams()));
    }

    @Test
    void aLayerTooLargeForTheProcessIsRefusedWithoutBuildingIt() {
        Experiment e = ExperimentFile.parse(YAML, "size.yaml");
        ExperimentFileException ex = assertThrows(ExperimentFileException.class, () -> PointCheck.check(e, Map.of("units", 1_000_000_000)));
        assertEquals("model.layers[0].args", ex.field());
        assertTrue(ex.detail().contains("weight array of 4000000000 values with the parameters {units=1000000000}"), ex.getMessage());
    }

    @Test
    void sizesSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, MemoryBudget.multiply(1L << 40, 1L << 40));
        assertEquals(Long.MAX_VALUE, MemoryBudget.add(Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, ModelSize.values(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}));
        assertEquals("more than 9 EB", MemoryBudget.format(Long.MAX_VALUE));
        assertEquals("1.5 GB", MemoryBudget.format(3L << 29));
        assertEquals("512 B", MemoryBudget.format(512));
    }
}
