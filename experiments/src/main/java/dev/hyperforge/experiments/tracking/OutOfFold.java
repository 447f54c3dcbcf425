package dev.hyperforge.experiments.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;

/**
 * The validation predictions of every fold of a k-fold run, so that the ensemble builder scores a k-fold run on all
 * its folds (every row predicted once, by the model that did not train on it) instead of the last fold only. Each
 * fold before the last gets {@link #fold}, a callback that predicts the fold's validation rows with its best epoch's
 * weights when training ends; the last fold's {@link TrackingCallback} joins them (in fold order, rows along the first
 * axis) with its own before it stores {@code val_predictions/NAME} and {@code val_targets/NAME}. The folds come from
 * the experiment's seed, the same for every trial, so every run of a study stores the same joined targets.
 *
 * <pre>{@code
 * OutOfFold oof = new OutOfFold();
 * fold 0..k-2: callbacks.add(oof.fold("val_loss", Mode.MIN, split.valX(), split.valY()));
 * fold k-1:    callbacks.add(new TrackingCallback(store, runId, "val_loss", Mode.MIN, split.valX(), split.valY(), oof));
 * }</pre>
 */
public final class OutOfFold {
    private final Map<String, List<INDArray>> predictions = new LinkedHashMap<>();
    private final Map<String, List<INDArray>> targets = new LinkedHashMap<>();
    private int folds;

    /**
     * A callback for a fold before the last: at the end of training it predicts the fold's validation rows with the
     * best epoch's weights (by {@code monitor}) and keeps them; the model keeps its final weights.
     *
     * @param monitor the metric that picks the best epoch
     * @param mode whether lower or higher is better
     * @param valX the fold's validation inputs
     * @param valY the fold's validation targets by output name
     * @return the callback
     */
    public Callback fold(String monitor, Mode mode, Object valX, Map<String, INDArray> valY) {
        BestEpoch best = new BestEpoch(monitor, mode);
        return new Callback() {
            private Model model;

            @Override
            public void setModel(Model m) {
                model = m;
                best.setModel(m);
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                best.onEpochEnd(epoch, logs);
            }

            @Override
            public void onTrainEnd(Map<String, Double> logs) {
                List<INDArray> current = best.weights() == null ? null : model.getWeights();
                if (current != null) {
                    model.setWeights(best.weights());
                }
                try {
                    add(model.predict(valX), valY);
                } finally {
                    if (current != null) {
                        model.setWeights(current);
                    }
                }
            }
        };
    }

    private synchronized void add(Map<String, INDArray> preds, Map<String, INDArray> ys) {
        preds.forEach((k, v) -> predictions.computeIfAbsent(k, n -> new ArrayList<>()).add(v.dup()));
        if (ys != null) {
            ys.forEach((k, v) -> targets.computeIfAbsent(k, n -> new ArrayList<>()).add(v));
        }
        folds++;
    }

    /** @return how many folds were kept */
    public synchronized int folds() {
        return folds;
    }

    /**
     * The kept folds' predictions of an output followed by the last fold's.
     *
     * @param output output name
     * @param last the last fold's predictions
     * @return all folds' rows; {@code last} alone when no fold kept that output
     */
    synchronized INDArray predictions(String output, INDArray last) {
        return join(predictions.get(output), last);
    }

    /**
     * The kept folds' targets of an output followed by the last fold's.
     *
     * @param output output name
     * @param last the last fold's targets
     * @return all folds' rows; {@code last} alone when no fold kept that output
     */
    synchronized INDArray targets(String output, INDArray last) {
        return join(targets.get(output), last);
    }

    private static INDArray join(List<INDArray> earlier, INDArray last) {
        if (earlier == null || earlier.isEmpty()) {
            return last;
        }
        List<INDArray> all = new ArrayList<>(earlier);
        all.add(last);
        return Nd4j.concat(0, all.toArray(INDArray[]::new));
    }
}
