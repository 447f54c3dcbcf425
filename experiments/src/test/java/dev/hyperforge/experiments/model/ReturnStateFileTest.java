package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.experiments.data.DataLoaders;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;

/**
 * A layer's {@code inputs:} reach the extra outputs of a recurrent layer with {@code return_state} as
 * {@code name:k}: {@code enc:1} is the LSTM's final h, {@code enc:2} its final c, {@code enc} (= {@code enc:0})
 * the main output.
 */
class ReturnStateFileTest {
    static final String YAML = """
            name: return-state
            seed: 3
            data:
              loader: random
              options:
                samples: 48
                inputs:
                  x: {shape: [5, 3], kind: uniform}
                outputs:
                  y: {shape: [1], kind: regression}
            model:
              inputs: [{name: x, shape: [5, 3]}]
              layers:
                - {name: enc, type: LSTM, args: {units: 4, return_state: true}}
                - {name: y, type: Dense, args: {units: 1}, inputs: [REF]}
              outputs: [y]
            compile: {optimizer: {type: adam, learning_rate: 0.01}, loss: mse}
            fit: {epochs: 3, batch_size: 16}
            search:
              space:
                lr: {type: float, low: 0.001, high: 0.1, log: true}
              objective: {metric: loss, direction: min}
            """;

    private static Experiment file(String ref) {
        return ExperimentFile.parse(YAML.replace("REF", ref), "state.yaml");
    }

    private static INDArray predict(Experiment e) {
        Model m = ModelFactory.build(e, Map.of(), 1L);
        DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed()).alignTo(m.inputNames(), m.outputNames());
        return m.predict(d.x()).get("y");
    }

    @Test
    void theStatesAreReachableByIndex() {
        INDArray main = predict(file("enc"));
        // an LSTM's final h is its last output: the same weights (seed) give the same predictions
        assertTrue(main.equalsWithEps(predict(file("enc:1")), 1e-6), "enc:1 is the final h");
        assertTrue(main.equalsWithEps(predict(file("enc:0")), 1e-6), "enc:0 is the main output");
        assertFalse(main.equalsWithEps(predict(file("enc:2")), 1e-3), "enc:2 is the final c, not h");
    }

    @Test
    void bothStatesFeedAConcatenationThatTrains() {
        Experiment e = ExperimentFile.parse(YAML.replace("- {name: y, type: Dense, args: {units: 1}, inputs: [REF]}",
                "- {name: hc, type: Concatenate, inputs: [enc:1, enc:2]}\n    - {name: y, type: Dense, args: {units: 1}}"), "hc.yaml");
        Model m = ModelFactory.build(e, Map.of(), 1L);
        assertEquals(List.of(8L, 1L), java.util.Arrays.stream(m.getLayer("y").params().get(0).value().shape()).boxed().toList());
        DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed()).alignTo(m.inputNames(), m.outputNames());
        History h = m.fit(d.x(), d.y(), ModelFactory.fitOptions(e, Map.of(), 3L, null, List.of()));
        assertTrue(h.last("loss") < h.get("loss").get(0), "training lowers the loss " + h.get("loss"));
    }

    private static void refused(String yaml, String field, String message) {
        ExperimentFileException ex = assertThrows(ExperimentFileException.class, () -> ExperimentFile.parse(yaml, "bad.yaml"));
        assertEquals(field, ex.field(), ex.getMessage());
        assertTrue(ex.getMessage().contains(message), ex.getMessage());
    }

    @Test
    void aWrongIndexIsRefusedAtTheInput() {
        refused(YAML.replace("REF", "enc:3"), "model.layers[1].inputs[0]", "layer 'enc' has 3 outputs (0 to 2), so 'enc:3' names none");
        refused(YAML.replace("REF", "enc:1").replace("return_state: true", "return_state: false"), "model.layers[1].inputs[0]",
                "layer 'enc' has 1 output (0 to 0), so 'enc:1' names none; a recurrent layer returns its states with return_state: true");
        refused(YAML.replace("REF", "enc:h"), "model.layers[1].inputs[0]", "'enc:h': after ':' comes the index of the layer's output");
        refused(YAML.replace("REF", "x:1"), "model.layers[1].inputs[0]", "'x:1': 'x' is a model input, which has one output; use 'x'");
        refused(YAML.replace("REF", "dec:1"), "model.layers[1].inputs[0]", "'dec' is neither an input nor an earlier layer");
    }
}
