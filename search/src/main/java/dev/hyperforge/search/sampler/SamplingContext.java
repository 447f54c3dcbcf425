package dev.hyperforge.search.sampler;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.internal.Seeds;
import dev.hyperforge.search.space.SearchSpace;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything a sampler may look at to suggest the parameters of one trial. A sampler is a pure function of
 * its context: the same context gives the same suggestion, which is what makes replays exact.
 *
 * @param space the search space
 * @param direction the study's direction
 * @param studySeed the study seed
 * @param trialNumber number of the trial being suggested
 * @param finished finished trials (any terminal state) the sampler sees: a warm-started study's prior observations
 *     first (COMPLETE, numbered as in their earlier study), then the study's own, ordered by number
 * @param pending running trials with parameters; only their parameters may be used
 */
public record SamplingContext(SearchSpace space, Direction direction, long studySeed, int trialNumber,
                              List<FrozenTrial> finished, List<FrozenTrial> pending) {

    /** Validates and copies the fields. */
    public SamplingContext {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(direction, "direction");
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trialNumber must be >= 0, received " + trialNumber);
        }
        finished = List.copyOf(finished);
        pending = List.copyOf(pending);
    }

    /**
     * @param purpose what the randomness is for
     * @return a generator seeded from (study seed, trial number, purpose)
     */
    public SplittableRandom random(String purpose) {
        return Seeds.random(Seeds.derive(studySeed, trialNumber), purpose);
    }

    /** @return the COMPLETE trials among {@link #finished()} whose parameters are set */
    public List<FrozenTrial> completed() {
        return finished.stream().filter(t -> t.state() == TrialState.COMPLETE && !t.params().isEmpty()).toList();
    }

    /**
     * @param t a COMPLETE trial
     * @return its value as a loss (smaller is better)
     */
    public double loss(FrozenTrial t) {
        return direction.toLoss(t.value());
    }
}
