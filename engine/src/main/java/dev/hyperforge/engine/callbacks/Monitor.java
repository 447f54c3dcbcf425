package dev.hyperforge.engine.callbacks;

import java.util.Map;

/**
 * A metric watched by a callback: reads it from the epoch logs (failing with the available names when
 * it is missing) and decides whether a value improves on a reference by more than {@code minDelta}.
 * Shared by {@link EarlyStopping}, {@link ModelCheckpoint} and {@link ReduceLROnPlateau}.
 *
 * <pre>{@code
 * Monitor m = new Monitor("EarlyStopping", "val_loss", Mode.AUTO, 1e-4);
 * double v = m.value(logs);
 * if (m.improves(v, best)) { best = v; }
 * }</pre>
 */
public final class Monitor {
    private final String owner;
    private final String metric;
    private final boolean maximize;
    private final double minDelta;

    /**
     * @param owner the callback's name, for messages
     * @param metric the log key to watch, e.g. {@code val_loss}
     * @param mode the direction of improvement
     * @param minDelta the least change that counts as an improvement (its sign is ignored)
     */
    public Monitor(String owner, String metric, Mode mode, double minDelta) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException(owner + ": the monitored metric must be named, e.g. \"val_loss\"");
        }
        if (mode == null) {
            throw new IllegalArgumentException(owner + ": mode must be MIN, MAX or AUTO, received null");
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException(owner + ": minDelta must be a finite number, received " + minDelta);
        }
        this.owner = owner;
        this.metric = metric;
        this.maximize = mode.maximizes(metric);
        this.minDelta = Math.abs(minDelta);
    }

    /** The watched log key. */
    public String metric() {
        return metric;
    }

    /** Whether higher is better. */
    public boolean maximizes() {
        return maximize;
    }

    /** The minimum change that counts. */
    public double minDelta() {
        return minDelta;
    }

    /** The worst possible value: the starting point of a "best so far". */
    public double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * The watched value in {@code logs}.
     *
     * @throws IllegalArgumentException naming the metric and the keys that are there
     */
    public double value(Map<String, Double> logs) {
        Double v = logs == null ? null : logs.get(metric);
        if (v == null) {
            String hint = metric.startsWith("val_") && (logs == null || logs.keySet().stream().noneMatch(k -> k.startsWith("val_")))
                    ? "; validation metrics need validation data (FitOptions validationSplit or validationData)"
                    : "";
            throw new IllegalArgumentException(owner + " monitors '" + metric + "' but the logs have no such metric; available: "
                    + (logs == null ? "[]" : logs.keySet()) + hint);
        }
        return v;
    }

    /** Whether {@code current} beats {@code reference} by more than minDelta (NaN never improves). */
    public boolean improves(double current, double reference) {
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }
}
