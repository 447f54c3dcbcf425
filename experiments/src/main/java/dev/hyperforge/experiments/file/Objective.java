package dev.hyperforge.experiments.file;

import java.util.Locale;

import dev.hyperforge.engine.callbacks.Mode;
import dev.hyperforge.search.Direction;

/**
 * What a study optimises: a metric from the training history (last epoch, or mean over folds) and
 * the study's {@link Direction}.
 *
 * <pre>{@code
 * Objective o = new Objective("val_accuracy", Direction.MAXIMIZE);
 * Objective same = new Objective("val_accuracy", Objective.parseDirection("max"));
 * }</pre>
 *
 * @param metric a history key such as {@code val_accuracy}, {@code val_loss} or {@code val_income_accuracy}
 * @param direction maximise or minimise
 */
public record Objective(String metric, Direction direction) {
    /**
     * Metrics measured by Hyperforge itself, usable as objectives and constraints besides the logged ones:
     * {@code params} (the model's parameter count), {@code train_seconds} (wall time of training, all folds) and
     * {@code infer_ms_per_sample} (prediction time on the validation data per sample).
     */
    public static final java.util.Set<String> BUILT_IN = java.util.Set.of("params", "train_seconds", "infer_ms_per_sample");

    /** @return whether the metric is one of {@link #BUILT_IN} */
    public boolean builtIn() {
        return BUILT_IN.contains(metric);
    }

    /**
     * Parses the {@code direction} of an experiment file.
     *
     * @param s {@code max}, {@code maximize}, {@code maximise}, {@code min}, {@code minimize} or {@code minimise}
     * @return the direction
     * @throws IllegalArgumentException for anything else
     */
    public static Direction parseDirection(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "max", "maximize", "maximise" -> Direction.MAXIMIZE;
            case "min", "minimize", "minimise" -> Direction.MINIMIZE;
            default -> throw new IllegalArgumentException("direction must be max or min, received '" + s + "'");
        };
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
        return direction.isBetter(a, b);
    }

    /** @return whether the objective is maximised */
    public boolean maximised() {
        return direction == Direction.MAXIMIZE;
    }

    /** @return the engine callbacks' mode (checkpoint, early stopping) for this objective's direction */
    public Mode mode() {
        return maximised() ? Mode.MAX : Mode.MIN;
    }
}
