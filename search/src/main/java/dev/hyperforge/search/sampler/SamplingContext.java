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
 * @param directions the study's directions, one per objective (1..8)
 * @param studySeed the study seed
 * @param trialNumber number of the trial being suggested
 * @param finished finished trials (any terminal state) the sampler sees: a warm-started study's prior observations
 *     first (COMPLETE, numbered as in their earlier study), then the study's own, ordered by number
 * @param pending running trials with parameters; only their parameters may be used
 */
public record SamplingContext(SearchSpace space, List<Direction> directions, long studySeed, int trialNumber,
                              List<FrozenTrial> finished, List<FrozenTrial> pending) {

    /** Validates and copies the fields. */
    public SamplingContext {
        Objects.requireNonNull(space, "space");
        directions = Direction.checkAll(directions, "a sampling context");
        if (trialNumber < 0) {
            throw new IllegalArgumentException("trialNumber must be >= 0, received " + trialNumber);
        }
        finished = List.copyOf(finished);
        pending = List.copyOf(pending);
    }

    /**
     * A single-objective context.
     *
     * @param space the search space
     * @param direction the study's direction
     * @param studySeed the study seed
     * @param trialNumber number of the trial being suggested
     * @param finished finished trials the sampler sees
     * @param pending running trials with parameters
     */
    public SamplingContext(SearchSpace space, Direction direction, long studySeed, int trialNumber,
                           List<FrozenTrial> finished, List<FrozenTrial> pending) {
        this(space, List.of(Objects.requireNonNull(direction, "direction")), studySeed, trialNumber, finished, pending);
    }

    /**
     * @return the direction of a single-objective study
     * @throws IllegalStateException when the study has several objectives (a sampler that supports only one says so)
     */
    public Direction direction() {
        if (directions.size() > 1) {
            throw new IllegalStateException("this sampler optimises one objective; the study has "
                    + directions.size() + " " + directions + " (use nsga2, gp/bayes, random or lhs)");
        }
        return directions.get(0);
    }

    /** @return whether the study has more than one objective */
    public boolean isMultiObjective() {
        return directions.size() > 1;
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
        return direction().toLoss(t.value());
    }

    /**
     * @param t a COMPLETE trial
     * @return each of its values as a loss (smaller is better), in the order of {@link #directions()}
     * @throws IllegalArgumentException if the trial does not hold one value per direction
     */
    public double[] losses(FrozenTrial t) {
        List<Double> values = t.values();
        if (values.size() != directions.size()) {
            throw new IllegalArgumentException("trial " + t.number() + " holds " + values.size()
                    + " values, the study has " + directions.size() + " objectives");
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = directions.get(i).toLoss(values.get(i));
        }
        return out;
    }
}
