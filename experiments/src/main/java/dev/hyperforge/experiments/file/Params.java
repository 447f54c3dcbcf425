package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameter maps and {@code ${param}} templates: defaults, completion of a sampler's partial map, and
 * resolution of templates (nested maps and lists whose leaves may be {@link ParamRef}s).
 *
 * <pre>{@code
 * Map<String, Object> p = Params.complete(experiment.search().space(), Map.of("lr", 0.01));
 * Object args = Params.resolve(layer.args(), p);   // {units=64, activation=relu}
 * }</pre>
 */
public final class Params {
    private Params() {
    }

    /** The default value of every parameter, in space order. */
    public static Map<String, Object> defaults(List<ParamSpec> space) {
        return complete(space, Map.of());
    }

    /**
     * A complete parameter map: the given values (converted: ints to Integer, floats to Double, simplex
     * to a List of Double) and the default of every parameter not given (inactive conditional ones
     * included, so every reference resolves).
     *
     * @throws IllegalArgumentException for unknown names or values of the wrong kind
     */
    public static Map<String, Object> complete(List<ParamSpec> space, Map<String, ?> given) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        space.forEach(p -> byName.put(p.name(), p));
        for (String k : given.keySet()) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "'; the search space has " + byName.keySet());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamSpec p : space) {
            Object v = given.get(p.name());
            out.put(p.name(), v == null ? p.defaultValue() : coerce(p, v));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Whether a parameter is active under the given (complete) values. */
    public static boolean active(ParamSpec p, Map<String, Object> values) {
        return p.condition() == null || p.condition().holds(values.get(p.condition().param()));
    }

    private static Object coerce(ParamSpec p, Object v) {
        String what = "parameter '" + p.name() + "'";
        return switch (p.kind()) {
            case INT -> convert(v, Integer.class, what);
            case FLOAT -> convert(v, Double.class, what);
            case CATEGORICAL -> {
                for (Object c : p.choices()) {
                    if (sameValue(c, v)) {
                        yield c;
                    }
                }
                throw new IllegalArgumentException(what + " must be one of " + p.choices() + ", received " + v);
            }
            case SIMPLEX -> {
                List<Double> l = new ArrayList<>();
                if (v instanceof double[] arr) {
                    for (double d : arr) {
                        l.add(d);
                    }
                } else if (v instanceof List<?> list) {
                    list.forEach(o -> l.add(convert(o, Double.class, what)));
                } else {
                    throw new IllegalArgumentException(what + " is a simplex and needs a list of " + p.components().size() + " weights, received " + v);
                }
                if (l.size() != p.components().size()) {
                    throw new IllegalArgumentException(what + " needs " + p.components().size() + " weights, received " + l.size());
                }
                yield List.copyOf(l);
            }
        };
    }

    /** Looks a reference up in a complete map (selecting a simplex component if asked). */
    public static Object lookup(ParamRef ref, Map<String, ?> params) {
        if (!params.containsKey(ref.name())) {
            throw new IllegalArgumentException("unknown parameter " + ref + "; known: " + params.keySet());
        }
        Object v = params.get(ref.name());
        if (ref.component() == null) {
            return v;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(ref + " selects a component, but '" + ref.name() + "' is not a simplex (value " + v + ")");
        }
        if (ref.indexed()) {
            int i = Integer.parseInt(ref.component());
            if (i >= l.size()) {
                throw new IllegalArgumentException(ref + ": index out of range, '" + ref.name() + "' has " + l.size() + " components");
            }
            return l.get(i);
        }
        throw new IllegalArgumentException(ref + ": named components need the parameter's spec; use Params.resolve(template, params, space)");
    }

    /**
     * Converts a parameter value to Integer, Double, String or Boolean.
     *
     * @throws IllegalArgumentException naming {@code what} when it does not fit
     */
    public static <T> T convert(Object v, Class<T> type, String what) {
        Object r = null;
        if (type == Integer.class && v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            r = n.intValue();
        } else if (type == Double.class && v instanceof Number n) {
            r = n.doubleValue();
        } else if (type == Long.class && v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            r = n.longValue();
        } else if (type.isInstance(v)) {
            r = v;
        }
        if (r == null) {
            throw new IllegalArgumentException(what + ": expected " + typeWord(type) + ", received " + describe(v));
        }
        return type.cast(r);
    }

    /** {@code an int}, {@code a number}, … for messages. */
    static String typeWord(Class<?> type) {
        if (type == Integer.class || type == Long.class) {
            return "an int";
        }
        if (type == Double.class) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    /** Equality that treats numbers by value (so 64 and 64.0 are the same choice). */
    public static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return a == null ? b == null : a.equals(b);
    }

    /** Resolves a template with simplex components looked up by name through {@code space}. */
    public static Object resolve(Object template, Map<String, ?> params, List<ParamSpec> space) {
        if (template instanceof ParamRef r) {
            if (r.component() != null && !r.indexed()) {
                ParamSpec p = space.stream().filter(s -> s.name().equals(r.name())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown parameter " + r));
                int i = p.componentIndex(r.component());
                if (i < 0) {
                    throw new IllegalArgumentException(r + ": '" + r.name() + "' has no component '" + r.component() + "'; it has " + p.components());
                }
                return lookup(new ParamRef(r.name(), Integer.toString(i)), params);
            }
            return lookup(r, params);
        }
        if (template instanceof Setting<?> s) {
            return s.isRef() ? resolve(s.ref(), params, space) : s.value();
        }
        if (template instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, params, space)));
            return Collections.unmodifiableMap(out);
        }
        if (template instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(resolve(v, params, space)));
            return Collections.unmodifiableList(out);
        }
        return template;
    }

    /** Every reference in a template, in order of appearance. */
    public static Set<ParamRef> references(Object template) {
        Set<ParamRef> out = new LinkedHashSet<>();
        collect(template, out);
        return out;
    }

    private static void collect(Object t, Set<ParamRef> out) {
        if (t instanceof ParamRef r) {
            out.add(r);
        } else if (t instanceof Setting<?> s && s.isRef()) {
            out.add(s.ref());
        } else if (t instanceof Map<?, ?> m) {
            m.values().forEach(v -> collect(v, out));
        } else if (t instanceof List<?> l) {
            l.forEach(v -> collect(v, out));
        }
    }

    /** A deep unmodifiable copy of a template (maps keep their order; nulls allowed). */
    public static Object freeze(Object template) {
        if (template instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(out);
        }
        if (template instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(freeze(v)));
            return Collections.unmodifiableList(out);
        }
        return template;
    }
}
