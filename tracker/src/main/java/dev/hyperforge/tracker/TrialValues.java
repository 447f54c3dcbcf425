package dev.hyperforge.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where search's trial values meet the tracker's columns: parameter values (Double, Integer, Long,
 * String, or anything JSON-friendly) as typed {@link ParamValue}s and back, and attribute maps as JSON text.
 *
 * <pre>{@code
 * List<ParamValue> typed = TrialValues.params(Map.of("lr", 0.01, "w", List.of(0.5, 0.5)), Map.of());
 * Map<String, Object> back = TrialValues.values(byName);   // {lr=0.01, w=[0.5, 0.5]}
 * }</pre>
 */
public final class TrialValues {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private TrialValues() {
    }

    /** The mapper, made on first use: reading a run without JSON attributes never pays for it. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    /**
     * Search parameter values as typed tracker parameters, each with its distribution's JSON (or {@code {}}).
     * Values without a tracker type (simplex weights, booleans) are stored as JSON text, marked by
     * {@code "encoding":"json"} in the distribution.
     *
     * @param params values by name
     * @param distributions distribution JSON objects by parameter name
     * @return the tracker parameters
     */
    public static List<ParamValue> params(Map<String, Object> params, Map<String, String> distributions) {
        List<ParamValue> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object v = e.getValue();
            String d = distributions.getOrDefault(e.getKey(), "{}");
            if (v instanceof Double || v instanceof Float) {
                out.add(ParamValue.ofFloat(e.getKey(), ((Number) v).doubleValue(), d));
            } else if (v instanceof Integer || v instanceof Long) {
                out.add(ParamValue.ofInt(e.getKey(), ((Number) v).longValue(), d));
            } else if (v instanceof String str) {
                out.add(ParamValue.ofString(e.getKey(), str, d));
            } else {
                Map<String, Object> dist = new LinkedHashMap<>(object(d));
                dist.put("encoding", "json");
                out.add(ParamValue.ofString(e.getKey(), json(v), json(dist)));
            }
        }
        return out;
    }

    /**
     * Tracker parameters back as search values: Integer for ints that fit, JSON-encoded ones parsed.
     *
     * @param params typed parameters by name
     * @return values by name
     */
    public static Map<String, Object> values(Map<String, ParamValue> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamValue p : params.values()) {
            Object v;
            if (p.type() == ParamType.INT) {
                long l = p.intValue();
                v = l == (int) l ? (Object) (int) l : (Object) l;
            } else if (p.type() == ParamType.STRING && isJsonEncoded(p.distributionJson())) {
                v = parse(p.stringValue(), new TypeReference<Object>() { });
            } else {
                v = p.value();
            }
            out.put(p.name(), v);
        }
        return out;
    }

    /**
     * @param value a JSON-friendly value
     * @return its JSON text
     * @throws IllegalArgumentException when it cannot be written as JSON
     */
    public static String json(Object value) {
        try {
            return Mapper.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as JSON: " + value, e);
        }
    }

    /**
     * @param jsonObject JSON object text as stored
     * @return the object as an ordered map
     * @throws IllegalStateException when the stored text is not a JSON object
     */
    public static Map<String, Object> object(String jsonObject) {
        if ("{}".equals(jsonObject)) {
            return new LinkedHashMap<>(); // most runs have no attributes: skip the parser on every read
        }
        return parse(jsonObject, OBJECT);
    }

    private static boolean isJsonEncoded(String distribution) {
        if (!distribution.contains("encoding")) {
            return false;
        }
        try {
            return "json".equals(Mapper.JSON.readTree(distribution).path("encoding").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        try {
            return Mapper.JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + text, e);
        }
    }
}
