package dev.hyperforge.search.pruner;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prunes a trial whose best intermediate value so far is worse than the median of the COMPLETE trials'
 * values at the same step (Optuna's rule). Nothing is pruned before {@code startupTrials} trials completed,
 * before step {@code warmupSteps}, or at steps that are not a multiple of {@code intervalSteps} past the warm-up.
 *
 * <pre>{@code
 * Pruner pruner = new MedianPruner(5, 2, 1);
 * }</pre>
 *
 * @param startupTrials completed trials needed before pruning
 * @param warmupSteps steps before which a trial is never pruned
 * @param intervalSteps check every this many steps
 */
public record MedianPruner(int startupTrials, int warmupSteps, int intervalSteps) implements Pruner {

    /** Validates the settings. */
    public MedianPruner {
        if (startupTrials < 0) {
            throw new IllegalArgumentException("MedianPruner startupTrials must be >= 0, received " + startupTrials);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("MedianPruner warmupSteps must be >= 0, received " + warmupSteps);
        }
        if (intervalSteps < 1) {
            throw new IllegalArgumentException("MedianPruner intervalSteps must be >= 1, received "
                    + intervalSteps);
        }
    }

    /** @return a pruner with 5 startup trials, no warm-up, checking every step */
    public static MedianPruner defaults() {
        return new MedianPruner(5, 0, 1);
    }

    @Override
    public boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction) {
        int step = trial.lastStep();
        if (step < 0 || step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) {
            return false;
        }
        List<FrozenTrial> completed = trials.stream()
                .filter(t -> t.state() == TrialState.COMPLETE && t.id() != trial.id()).toList();
        if (completed.size() < startupTrials) {
            return false;
        }
        List<Double> atStep = new ArrayList<>();
        for (FrozenTrial t : completed) {
            Double v = t.intermediateValues().get(step);
            if (v != null && !v.isNaN()) {
                atStep.add(direction.toLoss(v));
            }
        }
        if (atStep.isEmpty()) {
            return false;
        }
        double best = Double.POSITIVE_INFINITY;
        for (double v : trial.intermediateValues().values()) {
            if (!Double.isNaN(v)) {
                best = Math.min(best, direction.toLoss(v));
            }
        }
        if (best == Double.POSITIVE_INFINITY) {
            return true; // only NaN reported
        }
        return best > median(atStep);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
    }
}
