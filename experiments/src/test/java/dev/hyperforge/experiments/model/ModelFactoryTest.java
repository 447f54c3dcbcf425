package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.experiments.data.DataLoaders;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.data.Splits;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;

class ModelFactoryTest {
    static Experiment load(String name) {
        return ExperimentFile.load(Path.of(name));
    }

    @Test
    void parametersShapeTheBuiltModel() {
        Experiment e = load("branched-two-outputs.yaml");
        Model small = ModelFactory.build(e, Map.of("units", 4, "branch_units", 4), 1L);
        Model big = ModelFactory.build(e, Map.of("units", 20), 1L);
        assertEquals(List.of("y1_output", "y2_output"), small.outputNames());
        // 3*4+4 + 4*4+4 + 4+1 + 4*4+4 + 4+1 = 66
        assertEquals(66, small.countParams());
        assertTrue(big.countParams() > small.countParams());
        assertEquals(2, small.lossWeights().length);
        assertEquals(1.0, small.lossWeights()[0]);
    }

    @Test
    void fitOptionsComeFromTheFitSectionPlusExtraCallbacks() {
        Experiment e = load("boston-kfold.yaml");
        Callback extra = new Callback() {
        };
        FitOptions o = ModelFactory.fitOptions(e, Map.of("epochs", 60), 5L, null, List.of(extra));
        assertEquals(60, o.epochs());
        assertEquals(16, o.batchSize());
        assertEquals(5L, o.seed());
        assertEquals(List.of(extra), o.callbacks());
    }

    @Test
    void callbacksAreCreatedByNameThroughTheRegistry() {
        List<Object> seen = new ArrayList<>();
        CallbackFactory.register("RecordingForTest", args -> {
            seen.add(args);
            return new Callback() {
            };
        });
        String yaml = """
                name: cb
                data: {loader: boston, split: {folds: 4}}
                model:
                  inputs: [{name: features, shape: [13]}]
                  layers: [{name: price, type: Dense, args: {units: 1}}]
                compile: {optimizer: sgd, loss: mse}
                fit:
                  callbacks:
                    - {type: RecordingForTest, args: {filepath: best.zip, patience: 2}}
                """;
        Experiment e = ExperimentFile.parse(yaml, "cb.yaml");
        FitOptions o = ModelFactory.fitOptions(e, Map.of(), 0L, Path.of("/tmp/run-1"), List.of());
        assertEquals(1, o.callbacks().size());
        assertEquals(Map.of("filepath", "/tmp/run-1/best.zip", "patience", 2), seen.get(seen.size() - 1));
    }

    @Test
    void pluginCallbackPathsAreResolvedInsideTheRunDirectoryAndEveryChoiceIsChecked() {
        List<Object> seen = new ArrayList<>();
        CallbackFactory.register("RecordingForTest", args -> {
            seen.add(args);
            return new Callback() {
            };
        });
        String yaml = """
                name: cb
                data: {loader: boston, split: {folds: 4}}
                model:
                  inputs: [{name: features, shape: [13]}]
                  layers: [{name: price, type: Dense, args: {units: 1}}]
                compile: {optimizer: sgd, loss: mse}
                fit:
                  callbacks:
                    - {type: RecordingForTest, args: {log_dir: "${where}"}}
                search:
                  space:
                    where: {type: categorical, choices: [logs, CHOICE]}
                  objective: {metric: val_loss, direction: min}
                """;
        Experiment e = ExperimentFile.parse(yaml.replace("CHOICE", "more/logs"), "cb.yaml");
        ModelFactory.fitOptions(e, Map.of("where", "more/logs"), 0L, Path.of("/tmp/run-7"), List.of());
        assertEquals(Map.of("log_dir", "/tmp/run-7/more/logs"), seen.get(seen.size() - 1));
        for (String outside : List.of("/etc/cron.d/x", "../../x", "more/../../x", "~/x")) {
            ExperimentFileException ex = assertThrows(ExperimentFileException.class,
                    () -> ExperimentFile.parse(yaml.replace("CHOICE", "'" + outside + "'"), "cb.yaml"), outside);
            assertEquals("fit.callbacks[0].args.log_dir", ex.field(), ex.getMessage());
            assertTrue(ex.getMessage().contains("inside the run's directory"), ex.getMessage());
        }
    }

    @Test
    void outputPathsStayInsideTheRunDirectory() {
        Path run = Path.of("/srv/runs/s/run-1");
        assertEquals(run.resolve("best.zip"), OutputPaths.confine(run, "best.zip"));
        assertEquals(run.resolve("a/best.zip"), OutputPaths.confine(run, "a/./best.zip"));
        for (String bad : List.of("/etc/passwd", "..", "../run-2/x", "a/../../x", "a\\..\\..\\x", "~", "~root/x",
                "C:\\x", "c:x", "", " ", "a\u0000b")) {
            assertThrows(IllegalArgumentException.class, () -> OutputPaths.confine(run, bad), bad);
        }
        assertTrue(OutputPaths.isOutputArgument("filepath"));
        assertTrue(OutputPaths.isOutputArgument("log_dir"));
        assertTrue(OutputPaths.isOutputArgument("Export_Path"));
        assertFalse(OutputPaths.isOutputArgument("monitor"));
        assertFalse(OutputPaths.isOutputArgument("save_best_only"));
    }

    @Test
    void aBuiltModelTrainsOnItsLoaderData() {
        Experiment e = load("sequential-vs-functional.yaml");
        Model m = ModelFactory.build(e, Map.of("optimizer", "adam", "lr", 0.05), 3L);
        DataSet d = DataLoaders.get(e.data().loader()).load(e.data().options(), e.seed()).alignTo(m.inputNames(), m.outputNames());
        Split s = Splits.none(d);
        History h = m.fit(s.trainX(), s.trainY(), ModelFactory.fitOptions(e, Map.of(), 3L, null, List.of()));
        assertEquals(20, h.get("val_loss").size());
        assertTrue(h.last("loss") < h.get("loss").get(0), "training reduces the loss");
    }

    /** S4: the shipped sequential file and the same network written functionally build the same model. */
    @Test
    void theSequentialFileAndItsFunctionalTwinBuildTheSameModel() throws Exception {
        Experiment seq = load("sequential-vs-functional.yaml");
        String functional = java.nio.file.Files.readString(Path.of("sequential-vs-functional.yaml"))
                .replace("  sequential: true\n", "")
                .replace("    - {shape: [3]}", "    - {name: input, shape: [3]}")
                .replace("    - {name: hidden, type: Dense, args: {units: 2, activation: relu}}",
                        "    - {name: hidden, type: Dense, args: {units: 2, activation: relu}, inputs: [input]}")
                .replace("compile:", "  outputs: [output]\ncompile:");
        Experiment fun = ExperimentFile.parse(functional, "functional.yaml");
        assertTrue(seq.model().sequential() && !fun.model().sequential());
        Map<String, Object> p = Map.of("optimizer", "adam", "lr", 0.01);
        Model a = ModelFactory.build(seq, p, 11L);
        Model b = ModelFactory.build(fun, p, 11L);
        assertEquals(a.summary(), b.summary());
        assertEquals(a.getWeights(), b.getWeights());
    }

    @Test
    void wrongParameterValuesNameTheField() {
        Experiment e = load("spam-binary.yaml");
        ExperimentFileException ex = assertThrows(ExperimentFileException.class, () -> ModelFactory.build(e, Map.of("lr", -1.0), 0L));
        assertEquals("compile.optimizer.learning_rate", ex.field());
        assertThrows(ExperimentFileException.class, () -> ModelFactory.build(e, Map.of("nope", 1), 0L));
    }
}
