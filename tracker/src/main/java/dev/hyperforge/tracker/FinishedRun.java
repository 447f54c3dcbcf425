package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run that is already over, to be recorded in bulk by {@code JdbcRunStore.recordFinishedRuns}: the rows it
 * writes are those of {@code startRun}, {@code setParams}, {@code logMetrics} and {@code finishRun} called one after
 * the other (run, provenance, parameters, metrics, latest metrics, per-state counts), many runs per transaction.
 * Benchmarks and imports fill large studies with it.
 *
 * <pre>{@code
 * FinishedRun r = new FinishedRun(TrialState.COMPLETE, started, finished, 0.91,
 *         List.of(ParamValue.ofFloat("lr", 0.01, "{}")), List.of(new MetricPoint("val_accuracy", 0, 0.91, finished)));
 * store.recordFinishedRuns(study.id(), provenance, List.of(r));
 * }</pre>
 *
 * @param state the final state (COMPLETE, PRUNED or FAILED)
 * @param started when it started
 * @param finished when it finished (not before {@code started})
 * @param value its objective value, or null (a FAILED run, for example)
 * @param params its parameters (copied)
 * @param metrics its metric points (copied)
 */
public record FinishedRun(TrialState state, Instant started, Instant finished, Double value, List<ParamValue> params,
                          List<MetricPoint> metrics) {
    /** Checks the state is final and the times in order; copies the lists. */
    public FinishedRun {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        if (!state.isFinished()) {
            throw new IllegalArgumentException("a finished run's state must be COMPLETE, PRUNED or FAILED, received "
                    + state);
        }
        if (state == TrialState.COMPLETE && (value == null || value.isNaN())) {
            throw new IllegalArgumentException("a COMPLETE run needs an objective value, received " + value
                    + "; use FAILED for runs without one");
        }
        if (finished.isBefore(started)) {
            throw new IllegalArgumentException("a finished run cannot finish (" + finished + ") before it started ("
                    + started + ")");
        }
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
    }
}
