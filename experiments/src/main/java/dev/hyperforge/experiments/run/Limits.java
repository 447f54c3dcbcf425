package dev.hyperforge.experiments.run;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.hyperforge.experiments.data.DataSet;

/**
 * Caps for quick runs ({@code --epochs}, {@code --limit-samples}): fewer epochs than the file says and only
 * the first samples of the data. Recorded in each run's resolved configuration so a replay applies them too.
 *
 * @param epochs at most this many epochs, or null for the file's
 * @param samples at most this many training samples (and a quarter as many test samples), or null for all
 */
public record Limits(Integer epochs, Integer samples) {
    /** No caps. */
    public static final Limits NONE = new Limits(null, null);

    /** Validates the caps. */
    public Limits {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, received " + epochs);
        }
        if (samples != null && samples < 8) {
            throw new IllegalArgumentException("--limit-samples must be at least 8, received " + samples);
        }
    }

    /** The data with the sample cap applied. */
    public DataSet apply(DataSet d) {
        return samples == null ? d : d.head(samples, Math.max(2, samples / 4));
    }

    /** The epochs to train given the file's number. */
    public int epochs(int fileEpochs) {
        return epochs == null ? fileEpochs : Math.min(epochs, fileEpochs);
    }

    /** For the run's recorded configuration. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (epochs != null) {
            m.put("epochs", epochs);
        }
        if (samples != null) {
            m.put("samples", samples);
        }
        return m;
    }

    /** From {@link #toMap()}. */
    public static Limits fromMap(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return NONE;
        }
        return new Limits(m.get("epochs") instanceof Number n ? n.intValue() : null, m.get("samples") instanceof Number n ? n.intValue() : null);
    }
}
