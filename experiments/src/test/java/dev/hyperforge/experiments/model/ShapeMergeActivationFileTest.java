package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.experiments.data.DataLoaders;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;

/**
 * An experiment file that uses every pooling, shape and merge layer and tunes the activation by name: it
 * validates, builds for every activation choice, trains, and saves and reloads with the same predictions.
 */
class ShapeMergeActivationFileTest {
    static final String YAML = """
            name: shape-merge-activations
            seed: 5
            data:
              loader: random
              options:
                samples: 64
                inputs:
                  x: {shape: [12], kind: uniform}
                outputs:
                  y: {shape: [1], kind: regression}
            model:
              inputs: [{name: x, shape: [12]}]
              layers:
                - {name: grid, type: Reshape, args: {target_shape: [4, -1]}}
                - {name: swapped, type: Permute, args: {dims: [2, 1]}}
                - {name: pooled, type: AveragePooling1D, args: {pool_size: 2, padding: same}}
                - {name: flat, type: Flatten}
                - {name: h, type: Dense, args: {units: 8, activation: "${act}"}}
                - {name: leaky, type: LeakyReLU, args: {negative_slope: 0.1}}
                - {name: gate, type: Dense, args: {units: 8, activation: hard_sigmoid}, inputs: [flat]}
                - {name: gated, type: Multiply, inputs: [leaky, gate]}
                - {name: diff, type: Subtract, inputs: [gated, h]}
                - {name: mean, type: Average, inputs: [gated, diff, h]}
                - {name: hi, type: Maximum, inputs: [mean, h]}
                - {name: lo, type: Minimum, inputs: [mean, h]}
                - {name: cos, type: Dot, args: {axes: 1, normalize: true}, inputs: [hi, lo]}
                - {name: steps, type: RepeatVector, args: {n: 3}, inputs: [hi]}
                - {name: smooth, type: Activation, args: {activation: swish}}
                - {name: img, type: Reshape, args: {target_shape: [3, 8, 1]}}
                - {name: ap2, type: AveragePooling2D, args: {pool_size: 2, padding: same}}
                - {name: gap, type: GlobalAveragePooling2D}
                - {name: joined, type: Concatenate, inputs: [gap, cos, h]}
                - {name: y, type: Dense, args: {units: 1}}
              outputs: [y]
            compile: {optimizer: {type: adam, learning_rate: 0.01}, loss: mse}
            fit: {epochs: 3, batch_size: 16}
            search:
              space:
                act: {type: categorical, choices: [gelu, swish, elu, selu, softplus, softsign, exponential, leaky_relu,
                      gelu_approximate, silu, hard_sigmoid, tanh]}
              objective: {metric: loss, direction: min}
            """;

    private static History train(Experiment e, Model m) {
        DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed()).alignTo(m.inputNames(), m.outputNames());
        return m.fit(d.x(), d.y(), ModelFactory.fitOptions(e, Map.of(), 3L, null, List.of()));
    }

    @Test
    void everyActivationChoiceBuildsAndTrains() {
        Experiment e = ExperimentFile.parse(YAML, "shape-merge-activations.yaml");
        for (Object act : List.of("gelu", "swish", "elu", "selu", "softplus", "softsign", "exponential", "leaky_relu",
                "gelu_approximate", "silu", "hard_sigmoid", "tanh")) {
            Model m = ModelFactory.build(e, Map.of("act", act), 1L);
            History h = train(e, m);
            assertEquals(3, h.get("loss").size());
            assertTrue(Double.isFinite(h.last("loss")), act + ": finite loss");
            assertTrue(h.last("loss") < h.get("loss").get(0), act + ": training lowers the loss " + h.get("loss"));
        }
    }

    @Test
    void theModelSavesAndLoadsWithTheSamePredictions(@TempDir Path dir) throws Exception {
        Experiment e = ExperimentFile.parse(YAML, "shape-merge-activations.yaml");
        Model m = ModelFactory.build(e, Map.of("act", "gelu"), 1L);
        train(e, m);
        m.save(dir.resolve("m.zip"));
        Model again = Model.load(dir.resolve("m.zip"));
        DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed()).alignTo(m.inputNames(), m.outputNames());
        INDArray a = m.predict(d.x()).get("y");
        INDArray b = again.predict(d.x()).get("y");
        assertTrue(a.equalsWithEps(b, 1e-6), "same predictions after save and load");
        assertEquals(m.summary(), again.summary());
    }

    @Test
    void aWrongShapeOrActivationNamesTheField() {
        Experiment bad = ExperimentFile.parse(YAML.replace("target_shape: [4, -1]", "target_shape: [5, -1]"), "bad.yaml", false);
        ExperimentFileException ex = assertThrows(ExperimentFileException.class, () -> ModelFactory.build(bad, Map.of("act", "gelu"), 1L));
        assertEquals("model.layers[0]", ex.field());
        assertTrue(ex.getMessage().contains("Reshape 'grid' expects an input whose 12 values per example fit target_shape (5, -1)"), ex.getMessage());
        Experiment act = ExperimentFile.parse(YAML.replace("activation: hard_sigmoid", "activation: hard_sigmoidd"), "act.yaml", false);
        ExperimentFileException ea = assertThrows(ExperimentFileException.class, () -> ModelFactory.build(act, Map.of("act", "gelu"), 1L));
        assertEquals("model.layers[6].args.activation", ea.field());
        assertTrue(ea.getMessage().contains("unknown activation 'hard_sigmoidd'; expected one of linear, relu"), ea.getMessage());
    }
}
