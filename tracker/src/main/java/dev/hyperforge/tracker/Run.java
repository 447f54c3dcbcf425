package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable snapshot of one trial/run of a study, as a store returned it.
 *
 * <p>A snapshot never changes; read the store again for newer state. Provenance and full metric
 * histories are not part of the snapshot (they can be large): ask the store with
 * {@link RunStore#provenance(long)} and {@link RunStore#metricHistory(long, String)}.
 *
 * @param id store-wide run id
 * @param studyId id of the owning study
 * @param number trial number, unique within the study, 0-based in claim order
 * @param state lifecycle state
 * @param value objective value, or null when none was reported
 * @param params parameters by name (sorted by name)
 * @param intermediateValues intermediate objective values by step (what pruners read)
 * @param lastMetrics the last point (highest step) of every metric, by metric name
 * @param tags free-form tags
 * @param note free-text note, or null
 * @param startedAt when the run started (null while WAITING)
 * @param finishedAt when the run reached a final state, or null
 * @param heartbeatAt last heartbeat, or null
 * @param error error text of a failed run, or null
 * @param systemAttrsJson system attributes as a JSON object (never null; {@code "{}"} when empty)
 */
public record Run(long id, long studyId, int number, TrialState state, Double value, Map<String, ParamValue> params,
                  SortedMap<Long, Double> intermediateValues, Map<String, MetricPoint> lastMetrics,
                  Map<String, String> tags, String note, Instant startedAt, Instant finishedAt, Instant heartbeatAt,
                  String error, String systemAttrsJson) {

    /** Copies the collections into unmodifiable ones. */
    public Run {
        Objects.requireNonNull(state, "state");
        params = Collections.unmodifiableMap(new TreeMap<>(params));
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        lastMetrics = Collections.unmodifiableMap(new TreeMap<>(lastMetrics));
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
        Objects.requireNonNull(systemAttrsJson, "systemAttrsJson");
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
        return state.isFinished();
    }
}
