package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.List;

/**
 * A bound on a metric of a multi-objective study ({@code search.constraints}): a trial whose metric breaks a bound
 * is infeasible; it never enters the Pareto front and samplers steer away from it. Each bound gives one constraint
 * value with Optuna's semantics (feasible iff every value is at most 0): {@code value - max} for {@code max:},
 * {@code min - value} for {@code min:}.
 *
 * <pre>{@code
 * Constraint c = new Constraint("params", null, 200_000.0);
 * c.values(250_000);   // [50000.0]: infeasible
 * }</pre>
 *
 * @param metric a logged metric or a built-in one ({@link Objective#BUILT_IN})
 * @param min lower bound, or null
 * @param max upper bound, or null
 */
public record Constraint(String metric, Double min, Double max) {

    /** Validates. */
    public Constraint {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a constraint needs a metric such as params");
        }
        if (min == null && max == null) {
            throw new IllegalArgumentException("constraint on '" + metric + "' needs min:, max: or both");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("constraint on '" + metric + "' has min " + min + " above max " + max);
        }
    }

    /**
     * The constraint values of a measured metric value.
     *
     * @param value the metric's value
     * @return one value per bound ({@code min} first), each at most 0 when that bound holds
     */
    public List<Double> values(double value) {
        List<Double> out = new ArrayList<>(2);
        if (min != null) {
            out.add(min - value);
        }
        if (max != null) {
            out.add(value - max);
        }
        return out;
    }
}
