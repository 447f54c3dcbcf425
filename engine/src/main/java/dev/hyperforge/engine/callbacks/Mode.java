package dev.hyperforge.engine.callbacks;

import java.util.Locale;

/**
 * Whether a monitored metric should go down ({@link #MIN}), up ({@link #MAX}) or be decided from its
 * name ({@link #AUTO}: up for names containing {@code acc}, such as {@code val_accuracy}, down otherwise).
 *
 * <pre>{@code
 * new EarlyStopping("val_accuracy", 3, Mode.MAX);
 * boolean up = Mode.AUTO.maximizes("val_acc");   // true
 * }</pre>
 */
public enum Mode {
    /** Lower is better (losses). */
    MIN,
    /** Higher is better (accuracy). */
    MAX,
    /** MAX for metric names containing "acc", MIN for all others. */
    AUTO;

    /** Whether higher values of {@code metric} are better under this mode. */
    public boolean maximizes(String metric) {
        return switch (this) {
            case MIN -> false;
            case MAX -> true;
            case AUTO -> metric.contains("acc");
        };
    }

    /** Parses {@code min}, {@code max} or {@code auto} (any case), as in Keras configs. */
    public static Mode parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown mode '" + name + "'; expected min, max or auto");
        }
    }
}
