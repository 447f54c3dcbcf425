package dev.hyperforge.experiments.file;

import java.util.Locale;

/**
 * What a study optimises: a metric from the training history (last epoch, or mean over folds) and
 * a direction.
 *
 * <pre>{@code
 * Objective o = new Objective("val_accuracy", Objective.Direction.MAX);
 * }</pre>
 *
 * @param metric a history key such as {@code val_accuracy}, {@code val_loss} or {@code val_income_accuracy}
 * @param direction maximise or minimise
 */
public record Objective(String metric, Direction direction) {
    /** Optimisation direction. */
    public enum Direction {
        /** Larger is better. */
        MAX,
        /** Smaller is better. */
        MIN;

        /** Parses {@code max}, {@code maximize}, {@code min}, {@code minimize}. */
        public static Direction parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "max", "maximize", "maximise" -> MAX;
                case "min", "minimize", "minimise" -> MIN;
                default -> throw new IllegalArgumentException("direction must be max or min, received '" + s + "'");
            };
        }
    }

    /** Validates. */
    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective needs a metric such as val_accuracy");
        }
        if (direction == null) {
            throw new IllegalArgumentException("an objective needs a direction (max or min)");
        }
    }

    /** Whether {@code a} is better than {@code b}. */
    public boolean better(double a, double b) {
        return direction == Direction.MAX ? a > b : a < b;
    }
}
