package dev.hyperforge.search.pruner;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Asynchronous successive halving (ASHA). Rung {@code k} sits at step
 * {@code minResource * reductionFactor^(minEarlyStoppingRate + k)}. When a trial's report first reaches a rung,
 * its value there is ranked against the values at that rung of every trial that reached it (itself included);
 * it continues only if it is within the best {@code max(1, n / reductionFactor)}. A decision is taken once per
 * rung, when the rung is crossed.
 *
 * <pre>{@code
 * Pruner asha = new SuccessiveHalvingPruner(1, 3, 0);
 * }</pre>
 *
 * @param minResource step of the first rung (before the early-stopping rate), at least 1
 * @param reductionFactor keep 1 in this many at each rung, at least 2
 * @param minEarlyStoppingRate shifts the first rung up by this many powers of the factor
 */
public record SuccessiveHalvingPruner(int minResource, int reductionFactor, int minEarlyStoppingRate)
        implements Pruner {

    /** Validates the settings. */
    public SuccessiveHalvingPruner {
        if (minResource < 1) {
            throw new IllegalArgumentException("SuccessiveHalvingPruner minResource must be >= 1, received "
                    + minResource);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("SuccessiveHalvingPruner reductionFactor must be >= 2, received "
                    + reductionFactor);
        }
        if (minEarlyStoppingRate < 0) {
            throw new IllegalArgumentException("SuccessiveHalvingPruner minEarlyStoppingRate must be >= 0, "
                    + "received " + minEarlyStoppingRate);
        }
    }

    @Override
    public boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction) {
        return shouldPrune(trial, trials, direction, t -> true);
    }

    /**
     * Like {@link #shouldPrune(FrozenTrial, List, Direction)} with competitors restricted (used by Hyperband
     * brackets).
     *
     * @param trial the running trial
     * @param trials all trials
     * @param direction direction
     * @param competitor which other trials compete with it
     * @return true to prune
     */
    boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction,
                        Predicate<FrozenTrial> competitor) {
        int step = trial.lastStep();
        if (step < 0) {
            return false;
        }
        int previous = -1;
        for (int s : trial.intermediateValues().keySet()) {
            if (s < step) {
                previous = s;
            }
        }
        long rung = (long) minResource * pow(reductionFactor, minEarlyStoppingRate);
        while (rung <= step) {
            if (rung > previous) {
                return !promotable(trial, rung, trials, direction, competitor);
            }
            rung *= reductionFactor;
        }
        return false;
    }

    private static long pow(int base, int exp) {
        long r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }

    private boolean promotable(FrozenTrial trial, long rung, List<FrozenTrial> trials, Direction direction,
                               Predicate<FrozenTrial> competitor) {
        Double mine = valueAtRung(trial, rung, direction);
        if (mine == null || mine.isNaN()) {
            return false;
        }
        List<Double> values = new ArrayList<>();
        values.add(mine);
        for (FrozenTrial t : trials) {
            if (t.id() == trial.id() || t.state() == TrialState.WAITING || !competitor.test(t)) {
                continue;
            }
            Double v = valueAtRung(t, rung, direction);
            if (v != null && !v.isNaN()) {
                values.add(v);
            }
        }
        Collections.sort(values);
        int keep = Math.max(1, values.size() / reductionFactor);
        return mine <= values.get(keep - 1);
    }

    /** The loss at the first reported step at or after the rung. */
    private static Double valueAtRung(FrozenTrial t, long rung, Direction direction) {
        for (Map.Entry<Integer, Double> e : t.intermediateValues().entrySet()) {
            if (e.getKey() >= rung) {
                return direction.toLoss(e.getValue());
            }
        }
        return null;
    }
}
