package dev.hyperforge.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.ParamValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parameter as the charts see it: its stored search distribution turned into an axis description, and simplex
 * parameters (stored as one JSON string such as {@code "[0.3,1.6,1.1]"}) split into one numeric parameter per named
 * component ({@code w.age}, {@code w.income}, {@code w.gender} — the names experiment files use to reference them).
 *
 * <pre>{@code
 * ParamValue w = ParamValue.ofString("w", "[0.5,1.5]",
 *         "{\"type\":\"simplex\",\"components\":[\"age\",\"income\"],\"total\":2.0,\"encoding\":\"json\"}");
 * ParamSpace.values(w);       // {w.age=0.5, w.income=1.5}
 * ParamSpace.distributions(w); // {w.age={type=simplex, of=w, component=age, low=0, high=2.0}, ...}
 * }</pre>
 */
final class ParamSpace {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private ParamSpace() {
    }

    /**
     * @param p a stored parameter
     * @return its chart values by name: one entry, or one per component for a simplex whose value parses
     */
    static Map<String, Object> values(ParamValue p) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> comps = components(p);
        List<Double> weights = comps == null ? null : weights(p.stringValue(), comps.size());
        if (weights == null) {
            out.put(p.name(), p.value());
        } else {
            for (int i = 0; i < comps.size(); i++) {
                out.put(p.name() + "." + comps.get(i), weights.get(i));
            }
        }
        return out;
    }

    /**
     * @param p a stored parameter
     * @return the distribution of each chart parameter {@link #values} makes of it: the stored JSON object (type
     *     {@code float}, {@code int}, {@code categorical} with its {@code choices} in order, …) or, when none was
     *     stored, the type its value has; simplex components get {@code {type: simplex, of, component, low, high}}
     */
    static Map<String, Map<String, Object>> distributions(ParamValue p) {
        Map<String, Object> d = parse(p.distributionJson());
        d.remove("encoding");
        if (!d.containsKey("type")) {
            d.put("type", switch (p.type()) {
                case FLOAT -> "float";
                case INT -> "int";
                case STRING -> "categorical";
            });
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        List<String> comps = components(p);
        if (comps == null) {
            out.put(p.name(), d);
            return out;
        }
        double total = d.get("total") instanceof Number n ? n.doubleValue() : 1.0;
        for (String c : comps) {
            Map<String, Object> cd = new LinkedHashMap<>();
            cd.put("type", "simplex");
            cd.put("of", p.name());
            cd.put("component", c);
            cd.put("low", 0.0);
            cd.put("high", total);
            out.put(p.name() + "." + c, cd);
        }
        return out;
    }

    /** @return the component names of a simplex parameter ({@code 0, 1, …} when only a count was stored), else null */
    static List<String> components(ParamValue p) {
        if (!p.distributionJson().contains("simplex")) {
            return null;
        }
        Map<String, Object> d = parse(p.distributionJson());
        if (!"simplex".equals(d.get("type"))) {
            return null;
        }
        Object c = d.get("components");
        List<String> names = new ArrayList<>();
        if (c instanceof List<?> l) {
            l.forEach(x -> names.add(String.valueOf(x)));
        } else if (c instanceof Number n) {
            for (int i = 0; i < n.intValue(); i++) {
                names.add(String.valueOf(i));
            }
        } else if (p.stringValue() != null) {
            List<Double> w = weights(p.stringValue(), -1);
            for (int i = 0; w != null && i < w.size(); i++) {
                names.add(String.valueOf(i));
            }
        }
        return names.isEmpty() ? null : names;
    }

    /** The numbers of a JSON list ({@code size} of them, or any number when negative), else null. */
    private static List<Double> weights(String text, int size) {
        if (text == null) {
            return null;
        }
        try {
            List<Double> w = JSON.readValue(text, new TypeReference<List<Double>>() { });
            return w != null && (size < 0 || w.size() == size) && !w.contains(null) ? w : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, Object> parse(String json) {
        if (json == null || json.isBlank() || "{}".equals(json)) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> m = JSON.readValue(json, OBJECT);
            return m == null ? new LinkedHashMap<>() : m;
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }
}
