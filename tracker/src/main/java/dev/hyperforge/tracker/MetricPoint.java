package dev.hyperforge.tracker;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One logged metric value.
 *
 * <p>Per-epoch metrics use the plain name ({@code val_loss}, step = epoch); per-batch metrics use a
 * {@code step/} prefix ({@code step/loss}, step = global batch index) so both live in one table and
 * one query.
 *
 * @param name metric name, 1..200 characters
 * @param step step or epoch index, {@code >= 0}
 * @param value the value; NaN and infinities are accepted (diverged training is worth recording)
 * @param time when it was logged (kept to millisecond precision, as stored)
 */
public record MetricPoint(String name, long step, double value, Instant time) {

    /** Validates the fields. */
    public MetricPoint {
        Checks.name("metric name", name, 200);
        if (step < 0) {
            throw new IllegalArgumentException("metric '" + name + "' step must be >= 0, received " + step);
        }
        Objects.requireNonNull(time, "metric time");
        time = time.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A point stamped with the current time.
     *
     * @param name metric name
     * @param step step or epoch
     * @param value value
     * @return the point
     */
    public static MetricPoint now(String name, long step, double value) {
        return new MetricPoint(name, step, value, Instant.now());
    }
}
