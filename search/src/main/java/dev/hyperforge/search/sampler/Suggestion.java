package dev.hyperforge.search.sampler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A sampler's answer: parameters, plus system attributes recorded with the trial (what a replay needs).
 *
 * @param params suggested parameter values
 * @param systemAttrs JSON-friendly attributes to record, e.g. {@code gp.theta}
 */
public record Suggestion(Map<String, Object> params, Map<String, Object> systemAttrs) {

    /** Copies the maps. */
    public Suggestion {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
        systemAttrs = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(systemAttrs, "systemAttrs")));
    }

    /**
     * @param params parameters
     * @return a suggestion without system attributes
     */
    public static Suggestion of(Map<String, Object> params) {
        return new Suggestion(params, Map.of());
    }
}
