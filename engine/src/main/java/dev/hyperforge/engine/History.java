package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch metrics recorded by {@code fit}: {@code loss}, {@code val_loss}, per-output losses and
 * metrics, {@code lr}.
 *
 * <pre>{@code
 * History h = model.fit(x, y, FitOptions.builder().epochs(5).validationSplit(0.2).build());
 * double last = h.last("val_loss");
 * }</pre>
 */
public final class History {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    /** Appends one epoch's logs. */
    public void record(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** The epochs recorded (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** All series by metric name. */
    public Map<String, List<Double>> values() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, Collections.unmodifiableList(v)));
        return Collections.unmodifiableMap(m);
    }

    /** One metric's series. */
    public List<Double> get(String metric) {
        List<Double> v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + metric + "' in history; recorded: " + values.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /** The last value of a metric. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }
}
