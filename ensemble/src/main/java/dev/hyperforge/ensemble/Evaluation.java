package dev.hyperforge.ensemble;

import java.util.List;

/**
 * Metrics of a weighted combination on the validation rows.
 *
 * @param weights normalised weights, one per member
 * @param outputs metrics per output
 * @param score the ranking score
 */
public record Evaluation(double[] weights, List<OutputMetrics> outputs, Score score) {
    /** Copies the arrays. */
    public Evaluation {
        weights = weights.clone();
        outputs = List.copyOf(outputs);
    }
}
