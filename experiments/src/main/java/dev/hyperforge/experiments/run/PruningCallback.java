package dev.hyperforge.experiments.run;

import java.util.Map;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.search.Trial;

/**
 * Reports the objective metric to the trial after every epoch; when the study's pruner says so, stops
 * training at the end of the epoch and remembers that the trial was pruned.
 */
public final class PruningCallback implements Callback {
    private final Trial trial;
    private final String metric;
    private Model model;
    private volatile boolean pruned;

    /**
     * @param trial the live trial
     * @param metric the objective metric, e.g. {@code val_accuracy}
     */
    public PruningCallback(Trial trial, String metric) {
        this.trial = trial;
        this.metric = metric;
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double v = logs.get(metric);
        if (v == null || !Double.isFinite(v)) {
            return;
        }
        trial.report(epoch, v);
        if (trial.shouldPrune()) {
            pruned = true;
            model.stopTraining();
        }
    }

    /** Whether the pruner stopped the trial. */
    public boolean pruned() {
        return pruned;
    }
}
