package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.optimizers.AdamW;
import dev.hyperforge.engine.optimizers.schedules.CosineDecay;
import dev.hyperforge.engine.regularizers.Regularizer;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;
import dev.hyperforge.experiments.file.ExperimentWriter;

/** Regularizers, optimizer arguments, schedules, class_weight and the training callbacks from an experiment file. */
class TrainingControlsFileTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            name: controls
            data: {loader: random, options: {samples: 64, inputs: {x: {shape: [4], kind: normal}}, outputs: {y: {shape: [1], kind: int, high: 3}}}}
            model:
              sequential: true
              inputs: [{name: x, shape: [4]}]
              layers:
                - {name: h, type: Dense, args: {units: 8, activation: tanh, kernel_regularizer: l2,
                   bias_regularizer: {class_name: L1L2, config: {l1: 0.001, l2: "${l2}"}}, activity_regularizer: {type: L1, l1: 0.0001}}}
                - {name: y, type: Dense, args: {units: 3, activation: softmax}}
            """;

    private static final String FULL = HEAD + """
            compile:
              optimizer:
                type: adamw
                weight_decay: "${wd}"
                clipnorm: 1.0
                learning_rate: {type: CosineDecay, initial_learning_rate: 0.0, decay_steps: 40, alpha: 0.1, warmup_target: 0.01, warmup_steps: 4}
              loss: sparse_categorical_crossentropy
              metrics: [accuracy]
            fit:
              epochs: 6
              batch_size: 16
              class_weight: {0: 1.0, 1: 2.5, 2: 0.5}
              callbacks:
                - {type: CSVLogger, args: {filename: logs/training.csv, separator: ";"}}
                - {type: TerminateOnNaN}
            search:
              space:
                wd: {type: float, low: 0.001, high: 0.1, log: true, default: 0.01}
                l2: {type: float, low: 0.0, high: 0.01, default: 0.005}
              objective: {metric: loss, direction: min}
            """;

    private static INDArray[] data() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 4).subi(0.5);
        INDArray y = x.getColumn(0).gt(0.2).castTo(DataType.FLOAT).add(x.getColumn(1).gt(0).castTo(DataType.FLOAT)).reshape(64, 1);
        return new INDArray[] {x, y};
    }

    @Test
    void aFileWithEveryControlBuildsTheModelAndTrains() throws IOException {
        Experiment e = ExperimentFile.parse(FULL, "controls.yaml");
        Map<String, Object> p = Map.of("wd", 0.02, "l2", 0.003);
        Model m = ModelFactory.build(e, p, 1L);
        assertTrue(m.optimizer() instanceof AdamW);
        assertEquals(0.02, m.optimizer().weightDecay());
        assertEquals(new CosineDecay(0.0, 40, 0.1, 0.01, 4), m.optimizer().schedule());
        @SuppressWarnings("unchecked")
        Map<String, Object> optCfg = (Map<String, Object>) m.optimizer().config().get("config");
        assertEquals(1.0, optCfg.get("clipnorm"));
        assertEquals(Regularizer.l2(0.01), m.getLayer("h").regularizerOf("kernel"));
        assertEquals(Regularizer.l1l2(0.001, 0.003), m.getLayer("h").regularizerOf("bias"));
        assertEquals(Regularizer.l1(0.0001), m.getLayer("h").activityRegularizer());

        Path run = dir.resolve("run-1");
        FitOptions o = ModelFactory.fitOptions(e, p, 3L, run, List.of());
        assertEquals(Map.of(0, 1.0, 1, 2.5, 2, 0.5), o.classWeight());
        INDArray[] d = data();
        History h = m.fit(d[0], d[1], o);
        assertEquals(6, h.epochs().size());
        assertTrue(h.last("loss") < h.get("loss").get(0), h.values().toString());
        List<String> csv = Files.readAllLines(run.resolve("logs/training.csv"));
        assertEquals("epoch;accuracy;loss;lr;val_accuracy;val_loss;val_lr", csv.get(0));
        assertEquals(7, csv.size());
    }

    @Test
    void theCanonicalRenderingKeepsEveryControl() {
        Experiment e = ExperimentFile.parse(FULL, "controls.yaml");
        String yaml = ExperimentWriter.toYaml(e);
        Experiment again = ExperimentFile.parse(yaml, "again.yaml");
        assertEquals(e.compile().optimizerArgs(), again.compile().optimizerArgs());
        assertEquals(e.fit().classWeight(), again.fit().classWeight());
        assertTrue(yaml.contains("CosineDecay") && yaml.contains("class_weight"), yaml);
    }

    @Test
    void schedulersAndOtherOptimizersTrainFromAFile() {
        String yaml = HEAD + """
                compile:
                  optimizer: {type: nadam, learning_rate: 0.01, clipvalue: 0.5, beta_1: 0.85}
                  loss: sparse_categorical_crossentropy
                fit:
                  epochs: 3
                  callbacks:
                    - {type: LearningRateScheduler, args: {values: [0.01, 0.005, 0.001]}}
                search:
                  space:
                    l2: {type: float, low: 0.0, high: 0.01}
                  objective: {metric: loss, direction: min}
                """;
        Experiment e = ExperimentFile.parse(yaml, "nadam.yaml");
        Model m = ModelFactory.build(e, Map.of(), 1L);
        INDArray[] d = data();
        History h = m.fit(d[0], d[1], ModelFactory.fitOptions(e, Map.of(), 1L, dir, List.of()));
        assertEquals(List.of(0.01, 0.005, 0.001), h.get("lr"));

        String adagrad = yaml.replace("{type: nadam, learning_rate: 0.01, clipvalue: 0.5, beta_1: 0.85}",
                "{type: adagrad, global_clipnorm: 2, initial_accumulator_value: 0.2, learning_rate: {type: ExponentialDecay, "
                + "initial_learning_rate: 0.1, decay_steps: 2, decay_rate: 0.5}}").replace("""
                  callbacks:
                    - {type: LearningRateScheduler, args: {values: [0.01, 0.005, 0.001]}}
                """, "");
        Experiment a = ExperimentFile.parse(adagrad, "adagrad.yaml");
        Model ma = ModelFactory.build(a, Map.of(), 1L);
        History ha = ma.fit(d[0], d[1], ModelFactory.fitOptions(a, Map.of(), 1L, dir, List.of()));
        assertEquals(0.1 * Math.pow(0.5, 4.0 / 2), ha.get("lr").get(1), 1e-12, "2 steps per epoch: the rate after epoch 2 is the rate of step 4");
    }

    @Test
    void mistakesNameTheField() {
        assertField(FULL.replace("clipnorm: 1.0", "clipnorm: -1.0"), "compile.optimizer.clipnorm");
        assertField(FULL.replace("weight_decay: \"${wd}\"", "beta1: 0.9"), "compile.optimizer");
        assertField(FULL.replace("type: adamw", "type: adamax"), "compile.optimizer.type");
        assertField(FULL.replace("type: CosineDecay", "type: CosineDecayy"), "compile.optimizer.learning_rate");
        assertField(FULL.replace("decay_steps: 40, ", ""), "compile.optimizer.learning_rate");
        assertField(FULL.replace("type: adamw", "type: sgd").replace("weight_decay: \"${wd}\"", "beta_1: 0.9"), "compile.optimizer.beta_1");
        assertField(FULL.replace("kernel_regularizer: l2", "kernel_regularizer: l3"), "model.layers[0].args.kernel_regularizer");
        assertField(FULL.replace("{0: 1.0, 1: 2.5, 2: 0.5}", "{cat: 1.0}"), "fit.class_weight");
        assertField(FULL.replace("filename: logs/training.csv", "filename: /tmp/training.csv"), "fit.callbacks[0].args.filename");
        assertField(FULL.replace("separator: \";\"", "sep: \";\""), "fit.callbacks[0].args");
        assertField(FULL.replace("- {type: TerminateOnNaN}", "- {type: LearningRateScheduler, args: {values: [0.1]}}"), "fit.callbacks[1].type");
    }

    private static void assertField(String yaml, String field) {
        ExperimentFileException ex = assertThrows(ExperimentFileException.class, () -> ExperimentFile.parse(yaml, "bad.yaml"));
        assertTrue(ex.getMessage().contains(field), "expected the field " + field + " in: " + ex.getMessage());
    }
}
