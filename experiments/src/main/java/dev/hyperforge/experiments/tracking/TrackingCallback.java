package dev.hyperforge.experiments.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.FloatArrays;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.RunStore;

/**
 * Logs a training run into the tracker (the TensorBoard role): every epoch's metrics in one batched
 * write, the model's config and summary when training starts, and when it ends the checkpoint of the best
 * epoch (by {@code monitor}) and that checkpoint's predictions on the validation inputs (with their targets),
 * which the dashboard's ensemble builder reads: predictions, checkpoint and the trial's objective (the best
 * epoch's value) all describe the same weights. The model keeps its final weights afterwards. In a k-fold run it
 * tracks the last fold and stores the predictions of every fold ({@link OutOfFold}).
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.builder().epochs(10).validationData(xv, yv)
 *     .callbacks(new TrackingCallback(store, runId, "val_accuracy", Mode.MAX, xv, yv)).build());
 * }</pre>
 */
public final class TrackingCallback implements Callback {
    /** Name of the best-epoch checkpoint artifact. */
    public static final String CHECKPOINT = "best-checkpoint.zip";
    /** Prefix of prediction artifacts; followed by the output name. */
    public static final String PREDICTIONS = "val_predictions/";
    /** Prefix of validation-target artifacts; followed by the output name. */
    public static final String TARGETS = "val_targets/";

    private final RunStore store;
    private final long runId;
    private final Object validationX;
    private final Map<String, INDArray> validationY;
    private Model model;
    private final BestEpoch best;
    private final OutOfFold earlierFolds;

    /**
     * @param store the tracker
     * @param runId the run being trained
     * @param monitor metric that picks the best checkpoint (e.g. {@code val_loss})
     * @param mode whether lower or higher is better
     * @param validationX validation inputs (any form fit accepts) or null
     * @param validationY validation targets by output name, or null
     */
    public TrackingCallback(RunStore store, long runId, String monitor, Mode mode, Object validationX, Map<String, INDArray> validationY) {
        this(store, runId, monitor, mode, validationX, validationY, null);
    }

    /**
     * The last fold of a k-fold run: its validation predictions and targets are stored after those the earlier
     * folds kept, so the run's stored predictions cover all folds.
     *
     * @param store the tracker
     * @param runId the run being trained
     * @param monitor metric that picks the best checkpoint (e.g. {@code val_loss})
     * @param mode whether lower or higher is better
     * @param validationX validation inputs (any form fit accepts) or null
     * @param validationY validation targets by output name, or null
     * @param earlierFolds the earlier folds' predictions, or null
     */
    public TrackingCallback(RunStore store, long runId, String monitor, Mode mode, Object validationX,
                            Map<String, INDArray> validationY, OutOfFold earlierFolds) {
        this.store = store;
        this.runId = runId;
        this.validationX = validationX;
        this.validationY = validationY;
        this.best = new BestEpoch(monitor, mode);
        this.earlierFolds = earlierFolds;
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
        best.setModel(m);
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        store.saveArtifact(runId, "model.json", ArtifactKind.MODEL_CONFIG, "application/json", model.toJson().getBytes(StandardCharsets.UTF_8));
        store.saveArtifact(runId, "summary.txt", ArtifactKind.OTHER, "text/plain", model.summary().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        List<MetricPoint> points = new ArrayList<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getValue() != null && Double.isFinite(e.getValue())) {
                points.add(MetricPoint.now(e.getKey(), epoch, e.getValue()));
            }
        }
        store.logMetrics(runId, points);
        best.onEpochEnd(epoch, logs);
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        List<INDArray> bestWeights = best.weights();
        List<INDArray> current = bestWeights == null ? null : model.getWeights();
        if (bestWeights != null) {
            model.setWeights(bestWeights);
        }
        try {
            saveCheckpoint();
            if (validationX != null) {
                savePredictions();
            }
        } finally {
            if (current != null) {
                model.setWeights(current);
            }
        }
    }

    /** The validation predictions of the model as it is now (the checkpointed weights), and the targets. */
    private void savePredictions() {
        Map<String, INDArray> preds = model.predict(validationX);
        for (Map.Entry<String, INDArray> e : preds.entrySet()) {
            INDArray p = earlierFolds == null ? e.getValue() : earlierFolds.predictions(e.getKey(), e.getValue());
            store.saveArtifact(runId, PREDICTIONS + e.getKey(), ArtifactKind.PREDICTIONS, "application/x-hf-floats", encode(p));
            INDArray y = validationY == null ? null : validationY.get(e.getKey());
            if (y != null) {
                INDArray all = earlierFolds == null ? y : earlierFolds.targets(e.getKey(), y);
                store.saveArtifact(runId, TARGETS + e.getKey(), ArtifactKind.PREDICTIONS, "application/x-hf-floats", encode(all));
            }
        }
    }

    /** Writes the checkpoint to a temporary file and streams it to the artifact store (never whole in memory). */
    private void saveCheckpoint() {
        try {
            Path tmp = Files.createTempFile("hf-ckpt", ".zip");
            try {
                model.save(tmp);
                try (InputStream in = Files.newInputStream(tmp)) {
                    store.saveArtifact(runId, CHECKPOINT, ArtifactKind.CHECKPOINT, "application/zip", in);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** An array as the tracker's compact float encoding. */
    public static byte[] encode(INDArray a) {
        float[] v = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        long[] s = a.shape();
        int[] shape = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = (int) s[i];
        }
        return FloatArrays.encode(v, shape);
    }
}
