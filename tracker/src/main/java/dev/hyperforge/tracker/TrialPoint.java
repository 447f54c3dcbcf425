package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The light view of a COMPLETE trial that study-level charts need (history, importance, parallel coordinates):
 * no metrics, tags or provenance, so a whole large study reads in one pass.
 *
 * @param runId the run's id
 * @param number the trial number within its study
 * @param value the objective value
 * @param finishedAt when it finished (the store's clock)
 * @param params its parameters by name
 */
public record TrialPoint(long runId, int number, double value, Instant finishedAt, Map<String, ParamValue> params) {

    /** Copies the parameters. */
    public TrialPoint {
        Objects.requireNonNull(finishedAt, "finishedAt");
        params = Map.copyOf(params);
    }

    /**
     * @param run a COMPLETE run
     * @return its light view
     */
    public static TrialPoint of(Run run) {
        if (run.state() != TrialState.COMPLETE || run.value() == null) {
            throw new IllegalArgumentException("run " + run.id() + " is " + run.state() + ", not COMPLETE");
        }
        return new TrialPoint(run.id(), run.number(), run.value(), run.finishedAt(), run.params());
    }
}
