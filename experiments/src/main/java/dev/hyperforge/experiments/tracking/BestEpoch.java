package dev.hyperforge.experiments.tracking;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.Mode;

/**
 * Keeps a copy of the weights of the best epoch by a monitored metric (the first epoch wins ties). The
 * tracker's checkpoint and the replay's weight comparison both use it, so they agree on "best".
 */
public final class BestEpoch implements Callback {
    private final String monitor;
    private final Mode mode;
    private Model model;
    private Double best;
    private List<INDArray> weights;

    /**
     * @param monitor the metric, e.g. {@code val_accuracy}
     * @param mode MIN or MAX
     */
    public BestEpoch(String monitor, Mode mode) {
        this.monitor = monitor;
        this.mode = mode;
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v != null && Double.isFinite(v) && (best == null || (mode == Mode.MAX ? v > best : v < best))) {
            best = v;
            weights = model.getWeights();
        }
    }

    /** The best epoch's weights, or null when the metric never had a finite value. */
    public List<INDArray> weights() {
        return weights;
    }
}
