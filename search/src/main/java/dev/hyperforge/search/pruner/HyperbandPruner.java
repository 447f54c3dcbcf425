package dev.hyperforge.search.pruner;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import java.util.List;

/**
 * Hyperband as brackets of {@link SuccessiveHalvingPruner}s: bracket {@code b} (0 .. brackets-1) uses early
 * stopping rate {@code b}, so bracket 0 prunes most aggressively. A trial is assigned to a bracket by its number
 * ({@code number mod brackets}) and competes only with trials of its bracket.
 *
 * <pre>{@code
 * Pruner hyperband = new HyperbandPruner(1, 27, 3);   // 4 brackets
 * }</pre>
 *
 * @param minResource step of the first rung
 * @param maxResource largest step a trial runs to
 * @param reductionFactor keep 1 in this many at each rung
 */
public record HyperbandPruner(int minResource, int maxResource, int reductionFactor) implements Pruner {

    /** Validates the settings. */
    public HyperbandPruner {
        if (minResource < 1 || maxResource < minResource) {
            throw new IllegalArgumentException("HyperbandPruner needs 1 <= minResource <= maxResource, received "
                    + "minResource=" + minResource + ", maxResource=" + maxResource);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException("HyperbandPruner reductionFactor must be >= 2, received "
                    + reductionFactor);
        }
    }

    /** @return the number of brackets, {@code floor(log_factor(max/min)) + 1} */
    public int brackets() {
        int n = 0;
        long r = minResource;
        while (r <= maxResource) {
            n++;
            r *= reductionFactor;
        }
        return n;
    }

    /**
     * @param trialNumber a trial number
     * @return its bracket
     */
    public int bracketOf(int trialNumber) {
        return trialNumber % brackets();
    }

    @Override
    public boolean shouldPrune(FrozenTrial trial, List<FrozenTrial> trials, Direction direction) {
        int bracket = bracketOf(trial.number());
        SuccessiveHalvingPruner sh = new SuccessiveHalvingPruner(minResource, reductionFactor, bracket);
        return sh.shouldPrune(trial, trials, direction, t -> bracketOf(t.number()) == bracket);
    }
}
