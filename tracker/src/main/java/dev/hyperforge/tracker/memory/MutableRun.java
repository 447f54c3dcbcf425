package dev.hyperforge.tracker.memory;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run held by {@link InMemoryRunStore}, changed in place under the store's lock; {@link #snapshot()} hands out
 * the immutable {@link Run}.
 */
final class MutableRun {
    long id;
    long studyId;
    int number;
    TrialState state;
    List<Double> values = List.of();
    final Map<String, ParamValue> params = new TreeMap<>();
    final TreeMap<Integer, Double> intermediate = new TreeMap<>();
    final Map<String, List<MetricPoint>> metrics = new TreeMap<>();
    final Map<String, MetricPoint> latest = new TreeMap<>();
    final Map<String, String> tags = new TreeMap<>();
    String note;
    Instant started;
    Instant finished;
    Instant heartbeat;
    String error;
    String systemAttrs;
    Provenance provenance;

    /** @return the first objective value, or null */
    Double firstValue() {
        return values.isEmpty() ? null : values.get(0);
    }

    Run snapshot() {
        return Run.of(id, studyId, number, state, values, params, intermediate, latest, tags, note, started,
                finished, heartbeat, error, systemAttrs);
    }
}
