package dev.hyperforge.ensemble;

import java.util.List;
import java.util.Map;

/**
 * A computed ensemble: its members, weights and validation metrics, next to each member's own metrics.
 *
 * @param studyId the members' study
 * @param method how the weights were chosen
 * @param members member run ids, in the order of the weights
 * @param evaluation the ensemble's weights and validation metrics
 * @param singles each member's own validation metrics, by run id
 * @param bestSingleRunId the member with the best own score
 * @param baselines scores of the baselines (equal weights, greedy) for {@link EnsembleMethod#OPTIMIZE}, else empty
 * @param heldOut the score with the weights fitted without the rows scored ({@link HeldOut}), or null when there
 *     are too few validation rows; {@code evaluation}'s score is in sample (fitted and scored on the same rows)
 * @param scoring the score that ranked the ensembles (never {@link Scoring#AUTO}: the metric it stood for)
 * @param scorings the scores that could have been chosen for these outputs
 */
public record EnsembleResult(long studyId, EnsembleMethod method, List<Long> members, Evaluation evaluation,
                             Map<Long, Evaluation> singles, long bestSingleRunId, Map<String, Evaluation> baselines,
                             HeldOut.Estimate heldOut, Scoring scoring, List<Scoring> scorings) {

    /** Copies the collections. */
    public EnsembleResult {
        members = List.copyOf(members);
        singles = Map.copyOf(singles);
        baselines = Map.copyOf(baselines);
        scorings = List.copyOf(scorings);
    }

    /** @return the best member's own evaluation */
    public Evaluation bestSingle() {
        return singles.get(bestSingleRunId);
    }

    /**
     * How much better the ensemble scores than its best member alone, oriented so that positive is better
     * (accuracy gained, or MSE/loss saved).
     *
     * @return the ensemble's score minus the best single model's, sign flipped for lower-is-better scores
     */
    public double improvement() {
        return bestSingle().score().loss() - evaluation.score().loss();
    }
}
