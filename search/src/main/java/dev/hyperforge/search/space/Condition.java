package dev.hyperforge.search.space;

import java.util.List;
import java.util.Objects;

/**
 * When a conditional parameter exists: its parent parameter must be active and its value must be one of
 * {@code values} (categorical parents) or lie in {@code [min, max]} (numeric parents).
 *
 * <pre>{@code
 * Condition.atLeast("layers", 3)          // units_3 exists only when layers >= 3
 * Condition.oneOf("optimizer", "sgd")     // momentum exists only for sgd
 * }</pre>
 *
 * @param parent name of the parent parameter
 * @param values allowed parent values, or empty for a numeric range
 * @param min lower bound of the numeric range (inclusive)
 * @param max upper bound of the numeric range (inclusive)
 */
public record Condition(String parent, List<Object> values, double min, double max) {

    /** Validates the condition. */
    public Condition {
        if (parent == null || parent.isBlank()) {
            throw new IllegalArgumentException("Condition parent must be a non-blank name, received '" + parent
                    + "'");
        }
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        if (values.isEmpty() && !(min <= max)) {
            throw new IllegalArgumentException("Condition on '" + parent + "' needs min <= max, received min="
                    + min + ", max=" + max);
        }
    }

    /**
     * @param parent parent name
     * @param values allowed values
     * @return a condition on the parent's value being one of {@code values}
     */
    public static Condition oneOf(String parent, Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Condition.oneOf on '" + parent + "' needs at least one value");
        }
        return new Condition(parent, List.of(values), Double.NaN, Double.NaN);
    }

    /**
     * @param parent parent name
     * @param min smallest allowed parent value
     * @return a condition {@code parent >= min}
     */
    public static Condition atLeast(String parent, double min) {
        return new Condition(parent, List.of(), min, Double.POSITIVE_INFINITY);
    }

    /**
     * @param parent parent name
     * @param min smallest allowed parent value
     * @param max largest allowed parent value
     * @return a condition {@code min <= parent <= max}
     */
    public static Condition between(String parent, double min, double max) {
        return new Condition(parent, List.of(), min, max);
    }

    /**
     * @param parentValue the parent's value
     * @return true if the condition holds
     */
    public boolean test(Object parentValue) {
        if (parentValue == null) {
            return false;
        }
        if (!values.isEmpty()) {
            for (Object v : values) {
                if (v.equals(parentValue) || (v instanceof Number a && parentValue instanceof Number b
                        && a.doubleValue() == b.doubleValue())) {
                    return true;
                }
            }
            return false;
        }
        return parentValue instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max;
    }
}
