package dev.hyperforge.tracker;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * An ensemble to save with {@link RunStore#saveEnsemble(long, EnsembleSpec)}: a name unique within the study,
 * its member runs with their weights, how the weights were chosen and the validation metric it reached.
 *
 * <pre>{@code
 * EnsembleSpec spec = new EnsembleSpec("top3", "greedy", List.of(3L, 5L, 7L), List.of(0.5, 0.3, 0.2),
 *         "accuracy", 0.91, 0.89, "{}");
 * EnsembleRecord saved = store.saveEnsemble(studyId, spec);
 * }</pre>
 *
 * @param name 1..200 characters, unique within the study (saving again under it replaces the old one)
 * @param method how the weights were chosen (e.g. {@code manual}, {@code equal}, {@code greedy}, {@code optimize})
 * @param memberRunIds distinct run ids of the study, at least one
 * @param weights one finite, non-negative weight per member
 * @param metricName the validation metric (e.g. {@code accuracy})
 * @param metricValue its value for the ensemble (finite)
 * @param bestSingleValue the same metric of the best single member, or null
 * @param detailsJson further details as a JSON object (per-output metrics, options)
 */
public record EnsembleSpec(String name, String method, List<Long> memberRunIds, List<Double> weights,
                           String metricName, double metricValue, Double bestSingleValue, String detailsJson) {

    /** Validates the arguments. */
    public EnsembleSpec {
        Checks.name("ensemble name", name, 200);
        Checks.name("ensemble method", method, 32);
        Checks.name("ensemble metric name", metricName, 200);
        memberRunIds = List.copyOf(Objects.requireNonNull(memberRunIds, "ensemble members"));
        weights = List.copyOf(Objects.requireNonNull(weights, "ensemble weights"));
        if (memberRunIds.isEmpty()) {
            throw new IllegalArgumentException("ensemble '" + name + "' needs at least one member run");
        }
        if (new HashSet<>(memberRunIds).size() != memberRunIds.size()) {
            throw new IllegalArgumentException("ensemble '" + name + "' lists a run twice: " + memberRunIds);
        }
        if (weights.size() != memberRunIds.size()) {
            throw new IllegalArgumentException("ensemble '" + name + "' has " + memberRunIds.size() + " members but "
                    + weights.size() + " weights; give one weight per member");
        }
        for (Double w : weights) {
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("ensemble '" + name + "' weights must be finite and >= 0, received "
                        + weights);
            }
        }
        if (!Double.isFinite(metricValue) || (bestSingleValue != null && !Double.isFinite(bestSingleValue))) {
            throw new IllegalArgumentException("ensemble '" + name + "' metric values must be finite, received "
                    + metricValue + " and " + bestSingleValue);
        }
        Checks.jsonObject("ensemble details", detailsJson);
    }
}
