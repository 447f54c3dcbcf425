package dev.hyperforge.experiments.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Sequential;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.memory.InMemoryRunStore;

/**
 * The engine bridge: a trained model's per-epoch metrics, config and summary, best-epoch checkpoint and that
 * checkpoint's validation predictions all land in the tracker.
 */
class TrackingCallbackTest {
    private static final int EPOCHS = 4;

    /** Records the logs and a copy of the weights after every epoch. */
    private static final class Recorder implements Callback {
        final List<Map<String, Double>> logs = new ArrayList<>();
        final List<List<INDArray>> weights = new ArrayList<>();
        Model model;

        @Override
        public void setModel(Model m) {
            model = m;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> l) {
            logs.add(Map.copyOf(l));
            weights.add(model.getWeights());
        }
    }

    @Test
    void everyEpochTheConfigTheBestCheckpointAndItsValidationPredictionsAreLogged(@TempDir Path dir) throws Exception {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 3);
        INDArray y = x.sum(true, 1).reshape(64, 1);
        INDArray xv = Nd4j.rand(DataType.FLOAT, 8, 3);
        INDArray yv = xv.sum(true, 1).reshape(8, 1);
        Model model = new Sequential().input(3).add(new Dense(4, "relu")).add(new Dense(1)).build(5L);
        model.compile(new SGD(0.05), "mse");
        RunStore store = new InMemoryRunStore();
        long study = store.createOrGetStudy(new StudySpec("bridge", Direction.MINIMIZE, "manual", "{}", 1)).id();
        Run run = store.startRun(study, provenance());
        Recorder recorder = new Recorder();
        // the "best" epoch by the largest val_loss: an early epoch of a model that learns, so not the last one
        TrackingCallback tracking = new TrackingCallback(store, run.id(), "val_loss", Mode.MAX, xv, Map.of(model.outputNames().get(0), yv));
        model.fit(x, y, FitOptions.builder().epochs(EPOCHS).batchSize(16).validationData(xv, yv).seed(7)
                .callbacks(recorder, tracking).build());

        for (String metric : List.of("loss", "val_loss")) {
            List<MetricPoint> h = store.metricHistory(run.id(), metric);
            assertEquals(List.of(0L, 1L, 2L, 3L), h.stream().map(MetricPoint::step).toList(), metric);
            for (int e = 0; e < EPOCHS; e++) {
                assertEquals(recorder.logs.get(e).get(metric), h.get(e).value(), 1e-12, metric + " epoch " + e);
            }
        }
        int best = 0;
        for (int e = 1; e < EPOCHS; e++) {
            best = recorder.logs.get(e).get("val_loss") > recorder.logs.get(best).get("val_loss") ? e : best;
        }
        assertNotEquals(EPOCHS - 1, best, "the test needs a best epoch other than the last: " + recorder.logs);

        Map<String, Artifact> arts = store.artifacts(run.id()).stream().collect(Collectors.toMap(Artifact::name, a -> a));
        assertEquals(ArtifactKind.MODEL_CONFIG, arts.get("model.json").kind());
        String json = new String(store.artifactContent(arts.get("model.json").id()), StandardCharsets.UTF_8);
        assertEquals(model.summary(), Model.fromJson(json, 0L).summary());
        assertEquals(model.summary(), new String(store.artifactContent(arts.get("summary.txt").id()), StandardCharsets.UTF_8));

        Artifact ckpt = arts.get(TrackingCallback.CHECKPOINT);
        assertEquals(ArtifactKind.CHECKPOINT, ckpt.kind());
        Path file = dir.resolve("ckpt.zip");
        Files.write(file, store.artifactContent(ckpt.id()));
        List<INDArray> restored = Model.load(file).getWeights();
        List<INDArray> bestWeights = recorder.weights.get(best);
        assertEquals(bestWeights.size(), restored.size());
        for (int i = 0; i < restored.size(); i++) {
            assertEquals(bestWeights.get(i), restored.get(i), "weight " + i + " of the checkpoint is the best epoch's");
        }
        assertNotEquals(recorder.weights.get(EPOCHS - 1), bestWeights, "best and last epochs have different weights");
        assertEquals(recorder.weights.get(EPOCHS - 1), model.getWeights(), "the model keeps its final weights");

        String out = model.outputNames().get(0);
        FloatArrays.Decoded preds = FloatArrays.decode(store.artifactContent(arts.get(TrackingCallback.PREDICTIONS + out).id()));
        assertEquals(ArtifactKind.PREDICTIONS, arts.get(TrackingCallback.PREDICTIONS + out).kind());
        assertArrayEquals(new int[] {8, 1}, preds.shape());
        model.setWeights(bestWeights);
        float[] expected = model.predict(xv).get(out).castTo(DataType.FLOAT).dup('c').data().asFloat();
        assertArrayEquals(expected, preds.values(), 1e-6f, "predictions of the checkpointed (best) weights");
        FloatArrays.Decoded targets = FloatArrays.decode(store.artifactContent(arts.get(TrackingCallback.TARGETS + out).id()));
        assertArrayEquals(yv.dup('c').data().asFloat(), targets.values());
        assertTrue(ckpt.sizeBytes() > 0 && ckpt.sha256().equals(Hashing.sha256Hex(store.artifactContent(ckpt.id()))));
    }

    @Test
    void aKFoldRunStoresThePredictionsOfEveryFoldEachByItsBestEpoch() {
        Nd4j.getRandom().setSeed(11);
        RunStore store = new InMemoryRunStore();
        long study = store.createOrGetStudy(new StudySpec("kfold", Direction.MINIMIZE, "manual", "{}", 1)).id();
        Run run = store.startRun(study, provenance());
        OutOfFold oof = new OutOfFold();
        INDArray[] xv = {Nd4j.rand(DataType.FLOAT, 5, 3), Nd4j.rand(DataType.FLOAT, 3, 3)};
        INDArray[] yv = {xv[0].sum(true, 1).reshape(5, 1), xv[1].sum(true, 1).reshape(3, 1)};
        float[] expected = new float[8];
        String out = null;
        for (int fold = 0; fold < 2; fold++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 32, 3);
            Model model = new Sequential().input(3).add(new Dense(4, "relu")).add(new Dense(1)).build(5L + fold);
            model.compile(new SGD(0.05), "mse");
            out = model.outputNames().get(0);
            Recorder recorder = new Recorder();
            Callback tracking = fold == 0 ? oof.fold("val_loss", Mode.MAX, xv[0], Map.of(out, yv[0]))
                    : new TrackingCallback(store, run.id(), "val_loss", Mode.MAX, xv[1], Map.of(out, yv[1]), oof);
            model.fit(x, x.sum(true, 1).reshape(32, 1), FitOptions.builder().epochs(EPOCHS).batchSize(8)
                    .validationData(xv[fold], yv[fold]).seed(7).callbacks(recorder, tracking).build());
            int best = 0;
            for (int e = 1; e < EPOCHS; e++) {
                best = recorder.logs.get(e).get("val_loss") > recorder.logs.get(best).get("val_loss") ? e : best;
            }
            model.setWeights(recorder.weights.get(best));
            float[] p = model.predict(xv[fold]).get(out).castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(p, 0, expected, fold * 5, p.length);
        }
        assertEquals(1, oof.folds());
        Map<String, Artifact> arts = store.artifacts(run.id()).stream().collect(Collectors.toMap(Artifact::name, a -> a));
        FloatArrays.Decoded preds = FloatArrays.decode(store.artifactContent(arts.get(TrackingCallback.PREDICTIONS + out).id()));
        assertArrayEquals(new int[] {8, 1}, preds.shape(), "5 rows of fold 0, then 3 of fold 1");
        assertArrayEquals(expected, preds.values(), 1e-6f, "each fold's rows by that fold's best epoch");
        FloatArrays.Decoded targets = FloatArrays.decode(store.artifactContent(arts.get(TrackingCallback.TARGETS + out).id()));
        float[] y = new float[8];
        System.arraycopy(yv[0].dup('c').data().asFloat(), 0, y, 0, 5);
        System.arraycopy(yv[1].dup('c').data().asFloat(), 0, y, 5, 3);
        assertArrayEquals(y, targets.values());
    }

    private static Provenance provenance() {
        return Provenance.builder().experimentFile("name: bridge\n").resolvedConfig("{}").seed("weights", 5)
                .dataFingerprint(Hashing.sha256Hex("data")).nd4j("CPU", "test").threads("omp", 1).build();
    }
}
