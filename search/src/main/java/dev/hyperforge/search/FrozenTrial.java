package dev.hyperforge.search;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of a trial, as storages hand it out.
 *
 * <p>System attributes written by the study: {@code seen_trials} (numbers of the finished trials the sampler
 * saw, ascending), {@code pending_trials} (numbers of the running trials it saw with parameters) and
 * sampler-specific keys (e.g. {@code gp.theta}); a replay uses them to recompute the suggestion.
 *
 * @param id storage-wide trial id
 * @param studyId id of the study
 * @param number number of the trial within its study (0, 1, 2, ...), claimed exactly once
 * @param state lifecycle state
 * @param params parameter values (empty until set)
 * @param values final objective values, one per objective (COMPLETE; the last intermediate value for PRUNED), or
 *     empty; one value per objective of the study (see {@link #value()} for a single-objective one; a PRUNED
 *     trial of a multi-objective study holds none)
 * @param intermediateValues reported values by step, ascending
 * @param startTime when it started RUNNING, or null while WAITING
 * @param endTime when it finished, or null
 * @param heartbeat the last heartbeat, or null
 * @param userAttrs user attributes (JSON-friendly values)
 * @param systemAttrs system attributes (JSON-friendly values)
 * @param error error text or captured output of a FAILED trial, or null
 */
public record FrozenTrial(long id, long studyId, int number, TrialState state, Map<String, Object> params,
                          List<Double> values, Map<Integer, Double> intermediateValues, Instant startTime,
                          Instant endTime, Instant heartbeat, Map<String, Object> userAttrs,
                          Map<String, Object> systemAttrs, String error) {

    /** Validates and copies the fields. */
    public FrozenTrial {
        Objects.requireNonNull(state, "state");
        if (number < 0) {
            throw new IllegalArgumentException("trial number must be >= 0, received " + number);
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(
                Objects.requireNonNull(intermediateValues, "intermediateValues")));
        userAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(userAttrs, "userAttrs")));
        systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(systemAttrs, "systemAttrs")));
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        if (state == TrialState.COMPLETE && (values.isEmpty() || values.stream().anyMatch(v -> v.isNaN()))) {
            throw new IllegalArgumentException("a COMPLETE trial needs a non-NaN value, received " + values
                    + " for trial " + number);
        }
    }

    /**
     * The values list of a single objective value.
     *
     * @param value the value, or null for none
     * @return {@code [value]}, or empty
     */
    public static List<Double> valuesOf(Double value) {
        return value == null ? List.of() : List.of(value);
    }

    /**
     * The objective value of a single-objective trial.
     *
     * @return the one value, or null when there is none
     * @throws IllegalStateException when the trial holds several objective values
     */
    public Double value() {
        if (values.size() > 1) {
            throw new IllegalStateException("trial " + number + " has " + values.size()
                    + " objective values; read values()");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param id trial id
     * @param studyId study id
     * @param number trial number
     * @param state initial state (RUNNING or WAITING)
     * @param params parameters
     * @param now start time (ignored for WAITING)
     * @return a fresh trial
     */
    public static FrozenTrial fresh(long id, long studyId, int number, TrialState state, Map<String, Object> params,
                                    Instant now) {
        Instant start = state == TrialState.RUNNING ? now : null;
        return new FrozenTrial(id, studyId, number, state, params, List.of(), Map.of(), start, null, start, Map.of(),
                Map.of(), null);
    }

    /** @return the value of the last reported step, or null */
    public Double lastIntermediateValue() {
        if (intermediateValues.isEmpty()) {
            return null;
        }
        SortedMap<Integer, Double> m = (SortedMap<Integer, Double>) intermediateValues;
        return m.get(m.lastKey());
    }

    /** @return the last reported step, or -1 */
    public int lastStep() {
        return intermediateValues.isEmpty() ? -1 : ((SortedMap<Integer, Double>) intermediateValues).lastKey();
    }

    /**
     * @param newState state
     * @param newValue value
     * @param newError error text
     * @param end end time
     * @return a copy in a finished state
     */
    public FrozenTrial finished(TrialState newState, Double newValue, String newError, Instant end) {
        return new FrozenTrial(id, studyId, number, newState, params, valuesOf(newValue), intermediateValues, startTime, end,
                heartbeat, userAttrs, systemAttrs, newError);
    }

    /**
     * @param newState state
     * @param newValues values, one per objective (or empty)
     * @param newError error text
     * @param end end time
     * @return a copy in a finished state
     */
    public FrozenTrial finished(TrialState newState, List<Double> newValues, String newError, Instant end) {
        return new FrozenTrial(id, studyId, number, newState, params, newValues, intermediateValues, startTime, end,
                heartbeat, userAttrs, systemAttrs, newError);
    }

    /**
     * @param key attribute name
     * @param v JSON-friendly value
     * @return a copy with a system attribute set
     */
    public FrozenTrial withSystemAttr(String key, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(systemAttrs);
        m.put(key, v);
        return new FrozenTrial(id, studyId, number, state, params, values, intermediateValues, startTime, endTime,
                heartbeat, userAttrs, m, error);
    }

    /**
     * @param newState state
     * @param now start/heartbeat time
     * @return a copy that starts RUNNING
     */
    public FrozenTrial started(TrialState newState, Instant now) {
        return new FrozenTrial(id, studyId, number, newState, params, values, intermediateValues, now, endTime, now,
                userAttrs, systemAttrs, error);
    }

    /**
     * @param newParams parameters
     * @param newSystemAttrs system attributes to add
     * @return a copy with parameters and extra system attributes
     */
    public FrozenTrial withParams(Map<String, Object> newParams, Map<String, Object> newSystemAttrs) {
        Map<String, Object> sys = new LinkedHashMap<>(systemAttrs);
        sys.putAll(newSystemAttrs);
        return new FrozenTrial(id, studyId, number, state, newParams, values, intermediateValues, startTime, endTime,
                heartbeat, userAttrs, sys, error);
    }

    /**
     * @param step step
     * @param v value
     * @return a copy with one more intermediate value
     */
    public FrozenTrial withIntermediate(int step, double v) {
        Map<Integer, Double> m = new TreeMap<>(intermediateValues);
        m.put(step, v);
        return new FrozenTrial(id, studyId, number, state, params, values, m, startTime, endTime, heartbeat, userAttrs,
                systemAttrs, error);
    }

    /**
     * @param key attribute name
     * @param v attribute value
     * @return a copy with a user attribute set
     */
    public FrozenTrial withUserAttr(String key, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(userAttrs);
        m.put(key, v);
        return new FrozenTrial(id, studyId, number, state, params, values, intermediateValues, startTime, endTime,
                heartbeat, m, systemAttrs, error);
    }

    /**
     * @param now heartbeat time
     * @return a copy with a new heartbeat
     */
    public FrozenTrial withHeartbeat(Instant now) {
        return new FrozenTrial(id, studyId, number, state, params, values, intermediateValues, startTime, endTime, now,
                userAttrs, systemAttrs, error);
    }
}
