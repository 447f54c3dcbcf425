package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs and their metrics: the run API of training code (start, log, finish) and the reads of the dashboard.
 * One concern of a {@link RunStore}; every
 * implementation passes {@code RunStoreContract}.
 *
 * <pre>{@code
 * Run run = store.startRun(studyId, provenance);
 * store.logMetrics(run.id(), points);          // one batch, one statement
 * store.finishRun(run.id(), TrialState.COMPLETE, 0.12, null);
 * }</pre>
 */
public interface RunLog {

    /**
     * The COMPLETE trials of a study that finished at or after a moment, in the light form the study-level charts
     * need; the dashboard keeps them and asks only for those finished since its last read (with a margin for
     * clocks of several workers), so a live study of thousands of trials costs a small indexed query per update.
     *
     * @param studyId the study
     * @param finishedSince inclusive lower bound on the finish time ({@link java.time.Instant#EPOCH} for all)
     * @return the trials ordered by number
     * @throws IllegalArgumentException when the study does not exist
     */
    default List<TrialPoint> completeTrials(long studyId, java.time.Instant finishedSince) {
        return listRuns(studyId, Set.of(TrialState.COMPLETE)).stream()
                .filter(r -> r.value() != null && r.finishedAt() != null && !r.finishedAt().isBefore(finishedSince))
                .map(TrialPoint::of).toList();
    }

    /**
     * The COMPLETE trials of a study as {@link #completeTrials} gives them, without their parameters (empty maps):
     * the dashboard's history and value distribution need only the run rows, and a large study's parameters are
     * then read for the few trials a chart shows ({@link #paramsOf}).
     *
     * @param studyId the study
     * @param finishedSince inclusive lower bound on the finish time ({@link java.time.Instant#EPOCH} for all)
     * @return the trials ordered by number, each with no parameters
     * @throws IllegalArgumentException when the study does not exist
     */
    default List<TrialPoint> completeValues(long studyId, java.time.Instant finishedSince) {
        return completeTrials(studyId, finishedSince).stream()
                .map(t -> new TrialPoint(t.runId(), t.number(), t.value(), t.finishedAt(), Map.of())).toList();
    }

    /**
     * The parameters of some runs, by run id (runs without parameters, or unknown ids, absent).
     *
     * @param runIds the runs
     * @return each run's parameters by name
     */
    default Map<Long, Map<String, ParamValue>> paramsOf(Collection<Long> runIds) {
        Map<Long, Map<String, ParamValue>> out = new java.util.HashMap<>();
        for (long id : new java.util.LinkedHashSet<>(runIds)) {
            try {
                Map<String, ParamValue> p = run(id).params();
                if (!p.isEmpty()) {
                    out.put(id, p);
                }
            } catch (java.util.NoSuchElementException absent) {
                // an unknown id is left out
            }
        }
        return out;
    }

    /**
     * The parameters of a study's runs whose {@link SampleKey} is at most {@code maxKey}, in any state, by run id:
     * a seeded sample of the study (the dashboard's importance ranks the COMPLETE ones among them), read as one
     * range of a study-scoped index instead of a lookup per run. Each parameter carries the distribution of
     * {@link #paramExamples} for its name (every run of a study stores the same distribution for a name).
     *
     * @param studyId the study
     * @param maxKey the largest key taken (inclusive; {@link Long#MAX_VALUE} for every run)
     * @return each sampled run's parameters by name (runs without parameters absent)
     * @throws IllegalArgumentException when the study does not exist
     */
    default Map<Long, Map<String, ParamValue>> sampledParams(long studyId, long maxKey) {
        Map<String, ParamValue> examples = paramExamples(studyId);
        Map<Long, Map<String, ParamValue>> out = new java.util.HashMap<>();
        for (Run r : listRuns(studyId, Set.of(TrialState.values()))) {
            if (SampleKey.of(r.id()) <= maxKey && !r.params().isEmpty()) {
                Map<String, ParamValue> ps = new java.util.HashMap<>();
                r.params().values().forEach(p -> ps.put(p.name(), new ParamValue(p.name(), p.type(), p.floatValue(),
                        p.intValue(), p.stringValue(), examples.get(p.name()).distributionJson())));
                out.put(r.id(), ps);
            }
        }
        return out;
    }

    /**
     * The trial table's view of a study's runs: every run in a final state (COMPLETE, PRUNED, FAILED) that finished
     * at or after a moment, and every run not yet final (WAITING, RUNNING) whenever it finished. A run in a final
     * state never changes (tags aside), so the dashboard keeps these rows and asks only for the runs finished since
     * its last read (with a margin for clocks of several workers) and for the few that may still change.
     *
     * @param studyId the study
     * @param finishedSince inclusive lower bound on the finish time of final runs ({@link java.time.Instant#EPOCH}
     *                      for all)
     * @return the rows ordered by number
     * @throws java.util.NoSuchElementException when the study does not exist
     */
    default List<TableRow> tableRows(long studyId, java.time.Instant finishedSince) {
        long since = finishedSince.toEpochMilli();
        return listRuns(studyId, java.util.EnumSet.allOf(TrialState.class)).stream()
                .filter(r -> !r.state().isFinished() || r.finishedAt() != null && r.finishedAt().toEpochMilli() >= since)
                .sorted(java.util.Comparator.comparingInt(Run::number)).map(TableRow::of).toList();
    }

    /**
     * Runs by id, in the order of the ids; ids of no run are left out. One transaction.
     *
     * @param runIds the ids
     * @return the runs
     */
    default List<Run> runs(List<Long> runIds) {
        List<Run> out = new java.util.ArrayList<>(runIds.size());
        for (long id : runIds) {
            try {
                out.add(run(id));
            } catch (java.util.NoSuchElementException gone) {
                // left out, as documented
            }
        }
        return out;
    }

    /**
     * One stored value of each parameter name of a study's runs, by name in name order: the charts read a
     * parameter's search distribution from it (every run of a study stores the same distribution for a name).
     *
     * @param studyId the study
     * @return a stored parameter per name
     * @throws IllegalArgumentException when the study does not exist
     */
    default Map<String, ParamValue> paramExamples(long studyId) {
        Map<String, ParamValue> out = new java.util.TreeMap<>();
        for (Run r : listRuns(studyId, Set.of(TrialState.values()))) {
            r.params().values().forEach(p -> out.putIfAbsent(p.name(), p));
        }
        return out;
    }

    /**
     * Claims the next trial number and creates a RUNNING run with its provenance, in one transaction.
     *
     * @param studyId study
     * @param provenance the run's provenance (required)
     * @return the new run
     */
    Run startRun(long studyId, Provenance provenance);

    /**
     * Enqueues a WAITING trial with fixed parameters (it claims a trial number now).
     *
     * @param studyId study
     * @param params fixed parameters
     * @param systemAttrsJson system attributes as a JSON object
     * @return the waiting run
     */
    Run enqueueTrial(long studyId, Collection<ParamValue> params, String systemAttrsJson);

    /**
     * Atomically claims the oldest WAITING trial of a study, making it RUNNING with the given provenance.
     * Each waiting trial is claimed exactly once across threads and processes.
     *
     * @param studyId study
     * @param provenance the run's provenance
     * @return the claimed run, or empty when none waits
     */
    Optional<Run> claimWaiting(long studyId, Provenance provenance);

    /**
     * Starts a trial only while the study's trial budget is not spent, in one transaction under the study's
     * lock, so that any number of workers in any number of processes together start exactly {@code budget}
     * trials that do not fail. Runs that are not FAILED count towards the budget. The oldest WAITING trial is
     * claimed (made RUNNING) if fewer than {@code budget} runs are RUNNING, COMPLETE or PRUNED; otherwise a new
     * RUNNING run is created if fewer than {@code budget} runs are not FAILED; otherwise nothing happens.
     *
     * @param studyId study
     * @param provenance the run's provenance
     * @param budget the study's trial budget, at least 1
     * @return the claimed or new run (a new one has no parameters yet), or empty when the budget is spent
     */
    Optional<Run> claimWithinBudget(long studyId, Provenance provenance, int budget);

    /**
     * Sets (adds or replaces) parameters of a RUNNING or WAITING run.
     *
     * @param runId run
     * @param params parameters
     */
    void setParams(long runId, Collection<ParamValue> params);

    /**
     * Appends a batch of metric points in one transaction and one batched statement.
     *
     * @param runId run
     * @param points points (may mix names and steps)
     */
    void logMetrics(long runId, List<MetricPoint> points);

    /**
     * Records that the worker of a RUNNING run is alive.
     *
     * @param runId run
     */
    void heartbeat(long runId);

    /**
     * Fails every RUNNING run of a study whose heartbeat (or start, if it never beat) is older than the
     * threshold.
     *
     * @param studyId study
     * @param threshold largest tolerated silence
     * @return the runs it failed, as stored afterwards
     */
    List<Run> failStaleRuns(long studyId, Duration threshold);

    /**
     * Moves a run to a final state; it is immutable afterwards.
     *
     * @param runId run
     * @param state COMPLETE, PRUNED or FAILED
     * @param value objective value (required for COMPLETE), or null
     * @param error error text (for FAILED), or null
     * @return the finished run
     */
    Run finishRun(long runId, TrialState state, Double value, String error);

    /**
     * Moves a run of a multi-objective study to a final state with its vector of objective values (in the order
     * of the study's directions); it is immutable afterwards.
     *
     * @param runId run
     * @param state COMPLETE, PRUNED or FAILED
     * @param values objective values (required for COMPLETE, none NaN), or empty
     * @param error error text (for FAILED), or null
     * @return the finished run
     */
    Run finishRunValues(long runId, TrialState state, List<Double> values, String error);

    /**
     * Sets one system attribute (merged into the run's system attributes JSON object).
     *
     * @param runId run
     * @param key attribute name
     * @param jsonValue the value as JSON text
     */
    void putSystemAttribute(long runId, String key, String jsonValue);

    /**
     * Sets a tag (allowed on finished runs: tags are annotations).
     *
     * @param runId run
     * @param key tag key
     * @param value tag value
     */
    void setTag(long runId, String key, String value);

    /**
     * Sets or clears the free-text note (allowed on finished runs).
     *
     * @param runId run
     * @param note text, or null to clear
     */
    void setNote(long runId, String note);

    /**
     * Looks up a run.
     *
     * @param runId id
     * @return the run
     */
    Run run(long runId);

    /**
     * Finds a trial of a study by number.
     *
     * @param studyId study
     * @param number trial number
     * @return the run, or empty
     */
    Optional<Run> findTrial(long studyId, int number);

    /**
     * Every run of a study, by trial number (set-based: a fixed number of queries).
     *
     * @param studyId study
     * @param states accepted states, or empty for all
     * @return the runs
     */
    List<Run> listRuns(long studyId, Set<TrialState> states);

    /**
     * One page of a filtered, sorted query, with params and last metrics.
     *
     * @param query the query
     * @return the page
     */
    RunPage queryRuns(RunQuery query);

    /**
     * Streams every run matching the query's filters and sort (ignoring its page), without holding them all
     * in memory.
     *
     * @param query filters and sort
     * @param action called once per run, in order
     */
    void forEachRun(RunQuery query, Consumer<? super Run> action);

    /**
     * The full history of one metric of a run, by step then time.
     *
     * @param runId run
     * @param metricName metric
     * @return the points
     */
    List<MetricPoint> metricHistory(long runId, String metricName);

    /**
     * Distinct parameter names used in a study, sorted.
     *
     * @param studyId study
     * @return the names
     */
    List<String> paramNames(long studyId);

    /**
     * Distinct metric names logged in a study, sorted.
     *
     * @param studyId study
     * @return the names
     */
    List<String> metricNames(long studyId);
}
