package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;
import java.util.Map;
import java.util.Objects;

/**
 * What the dashboard's trial table filters and sorts a run by: its number, state, objective value, start time,
 * parameters and the latest value of each metric (no tags, intermediate values or provenance). A study's rows are
 * read in one pass by {@link RunLog#tableRows}.
 *
 * <pre>{@code
 * for (TableRow r : store.tableRows(studyId, Instant.EPOCH)) {
 *     Double acc = r.metrics().get("val_accuracy");
 * }
 * }</pre>
 *
 * @param runId the run's id
 * @param number the trial number within its study
 * @param state the state when read
 * @param value the objective value, or null
 * @param startedMs the start time in epoch milliseconds, or null (WAITING)
 * @param finishedMs the finish time in epoch milliseconds, or null (not finished)
 * @param params the parameters by name
 * @param metrics the latest value of each metric by name
 */
public record TableRow(long runId, int number, TrialState state, Double value, Long startedMs, Long finishedMs,
                       Map<String, ParamValue> params, Map<String, Double> metrics) {
    /** Copies the maps. */
    public TableRow {
        Objects.requireNonNull(state, "state");
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
    }

    /**
     * @param run a run
     * @return its table row
     */
    public static TableRow of(Run run) {
        Map<String, Double> metrics = new java.util.HashMap<>();
        run.lastMetrics().forEach((k, v) -> metrics.put(k, v.value()));
        return new TableRow(run.id(), run.number(), run.state(), run.value(),
                run.startedAt() == null ? null : run.startedAt().toEpochMilli(),
                run.finishedAt() == null ? null : run.finishedAt().toEpochMilli(), run.params(), metrics);
    }
}
