package dev.hyperforge.experiments.data;

import java.util.List;
import java.util.Map;

/** Typed reads of loader options with messages naming the loader and option. */
final class Options {
    private final String loader;
    private final Map<String, Object> map;

    Options(String loader, Map<String, Object> map) {
        this.loader = loader;
        this.map = map == null ? Map.of() : map;
    }

    int integer(String key, int dflt, int min) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= min && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be an int ≥ " + min + ", received " + describe(v));
    }

    double number(String key, double dflt, double min, double max) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be a number in [" + min + ", " + max + "], received " + describe(v));
    }

    String choice(String key, String dflt, List<String> allowed) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s && allowed.contains(s)) {
            return s;
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be one of " + allowed + ", received " + describe(v));
    }

    String string(String key, String dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be a non-empty string, received " + describe(v));
    }

    boolean bool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be true or false, received " + describe(v));
    }

    /** A {@code [height, width]} pair of positive ints. */
    int[] size(String key, int[] dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> l && l.size() == 2 && l.stream().allMatch(e -> e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && n.doubleValue() >= 1 && n.doubleValue() <= 65536)) {
            return new int[] {((Number) l.get(0)).intValue(), ((Number) l.get(1)).intValue()};
        }
        throw new IllegalArgumentException(loader + ": option '" + key + "' must be [height, width], two ints from 1 to 65536, received "
                + describe(v));
    }

    Object raw(String key) {
        return map.get(key);
    }

    private static String describe(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
