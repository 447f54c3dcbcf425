package dev.hyperforge.tracker;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable snapshot of one run as a store returned it: the trial ({@link FrozenTrial}, search's one trial record)
 * plus what the tracker keeps beside it — typed parameters with their distributions, the last point of every
 * metric, and a note. Tags are the trial's user attributes, kept as text.
 *
 * <p>A snapshot never changes; read the store again for newer state. Provenance and full metric
 * histories are not part of the snapshot (they can be large): ask the store with
 * {@link RunStore#provenance(long)} and {@link RunStore#metricHistory(long, String)}.
 *
 * <pre>{@code
 * Run r = store.run(id);
 * FrozenTrial t = r.trial();            // what search's StudyStorage hands out for the same row
 * Object lr = r.param("lr");
 * }</pre>
 *
 * @param trial the trial
 * @param params parameters by name (sorted by name), with their types and distributions
 * @param lastMetrics the last point (highest step) of every metric, by metric name
 * @param note free-text note, or null
 */
public record Run(FrozenTrial trial, Map<String, ParamValue> params, Map<String, MetricPoint> lastMetrics, String note) {

    /** Copies the collections into unmodifiable ones. */
    public Run {
        Objects.requireNonNull(trial, "trial");
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        lastMetrics = Collections.unmodifiableMap(new TreeMap<>(lastMetrics));
    }

    /**
     * A snapshot from the stored columns of a run.
     *
     * @param id store-wide run id
     * @param studyId id of the owning study
     * @param number trial number, unique within the study, 0-based in claim order
     * @param state lifecycle state
     * @param value objective value, or null
     * @param params parameters by name
     * @param intermediateValues intermediate objective values by step
     * @param lastMetrics the last point of every metric by name
     * @param tags tags (the trial's user attributes)
     * @param note note, or null
     * @param startedAt start (null while WAITING)
     * @param finishedAt end, or null
     * @param heartbeatAt last heartbeat, or null
     * @param error error text, or null
     * @param systemAttrsJson system attributes as a JSON object
     * @return the snapshot
     */
    public static Run of(long id, long studyId, int number, TrialState state, Double value,
                         Map<String, ParamValue> params, Map<Integer, Double> intermediateValues,
                         Map<String, MetricPoint> lastMetrics, Map<String, String> tags, String note, Instant startedAt,
                         Instant finishedAt, Instant heartbeatAt, String error, String systemAttrsJson) {
        return of(id, studyId, number, state, FrozenTrial.valuesOf(value), params, intermediateValues, lastMetrics,
                tags, note, startedAt, finishedAt, heartbeatAt, error, systemAttrsJson);
    }

    /**
     * A snapshot from the stored columns of a run with its whole vector of objective values (one per objective
     * of a multi-objective study); the other parameters are those of
     * {@link #of(long, long, int, TrialState, Double, Map, Map, Map, Map, String, Instant, Instant, Instant, String,
     * String)}.
     *
     * @param id run id
     * @param studyId study id
     * @param number trial number
     * @param state state
     * @param values objective values (empty for none)
     * @param params parameters
     * @param intermediateValues intermediate values
     * @param lastMetrics last metric points
     * @param tags tags
     * @param note note
     * @param startedAt start
     * @param finishedAt end
     * @param heartbeatAt heartbeat
     * @param error error text
     * @param systemAttrsJson system attributes as JSON
     * @return the snapshot
     */
    public static Run of(long id, long studyId, int number, TrialState state, List<Double> values,
                         Map<String, ParamValue> params, Map<Integer, Double> intermediateValues,
                         Map<String, MetricPoint> lastMetrics, Map<String, String> tags, String note, Instant startedAt,
                         Instant finishedAt, Instant heartbeatAt, String error, String systemAttrsJson) {
        FrozenTrial trial = new FrozenTrial(id, studyId, number, state, TrialValues.values(params),
                values, intermediateValues, startedAt, finishedAt, heartbeatAt,
                new LinkedHashMap<>(new TreeMap<>(tags)), TrialValues.object(systemAttrsJson), error);
        return new Run(trial, params, lastMetrics, note);
    }

    /** @return store-wide run id (the trial id) */
    public long id() {
        return trial.id();
    }

    /** @return id of the owning study */
    public long studyId() {
        return trial.studyId();
    }

    /** @return trial number within the study */
    public int number() {
        return trial.number();
    }

    /** @return lifecycle state */
    public TrialState state() {
        return trial.state();
    }

    /** @return the (first) objective value, or null; a multi-objective run's whole vector is {@link #values()} */
    public Double value() {
        return trial.values().isEmpty() ? null : trial.values().get(0);
    }

    /** @return all objective values (one per objective of the study), or empty */
    public List<Double> values() {
        return trial.values();
    }

    /** @return intermediate objective values by step (what pruners read) */
    public SortedMap<Integer, Double> intermediateValues() {
        return (SortedMap<Integer, Double>) trial.intermediateValues();
    }

    /** @return tags by key, sorted (the trial's user attributes) */
    public Map<String, String> tags() {
        Map<String, String> out = new TreeMap<>();
        trial.userAttrs().forEach((k, v) -> out.put(k, String.valueOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** @return when the run started, or null while WAITING */
    public Instant startedAt() {
        return trial.startTime();
    }

    /** @return when it reached a final state, or null */
    public Instant finishedAt() {
        return trial.endTime();
    }

    /** @return last heartbeat, or null */
    public Instant heartbeatAt() {
        return trial.heartbeat();
    }

    /** @return error text of a failed run, or null */
    public String error() {
        return trial.error();
    }

    /** @return system attributes as a JSON object ({@code "{}"} when empty) */
    public String systemAttrsJson() {
        return TrialValues.json(trial.systemAttrs());
    }

    /**
     * The value of a parameter.
     *
     * @param name parameter name
     * @return its value ({@link Double}, {@link Long} or {@link String}), or null when absent
     */
    public Object param(String name) {
        ParamValue p = params.get(name);
        return p == null ? null : p.value();
    }

    /**
     * Whether this run is in a final state and therefore immutable in the store.
     *
     * @return {@code state().isFinished()}
     */
    public boolean isFinished() {
        return trial.state().isFinished();
    }
}
