package dev.hyperforge.experiments.file;

import org.apache.commons.lang3.StringUtils;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.hyperforge.experiments.file.YamlTree.ListNode;
import dev.hyperforge.experiments.file.YamlTree.MapNode;
import dev.hyperforge.experiments.file.YamlTree.Node;
import dev.hyperforge.experiments.file.YamlTree.Scalar;

/** Typed reads from the YAML tree with errors located by file, line and field. */
final class Fields {
    private final String file;

    Fields(String file) {
        this.file = file;
    }

    ExperimentFileException error(Node n, String detail) {
        return new ExperimentFileException(file, n.line(), n.path(), detail);
    }

    ExperimentFileException error(int line, String path, String detail) {
        return new ExperimentFileException(file, line, path, detail);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MapNode map(Node n) {
        if (n instanceof MapNode m) {
            return m;
        }
        throw error(n, "expected a map (key: value lines), got " + n.describe());
    }

    ListNode list(Node n) {
        if (n instanceof ListNode l) {
            return l;
        }
        throw error(n, "expected a list, got " + n.describe());
    }

    /** Rejects keys outside {@code allowed}, suggesting the closest allowed key. */
    void allowKeys(MapNode m, Collection<String> allowed, String what) {
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String hint = closest(e.getKey(), allowed);
                throw error(e.getValue().line(), child(m.path(), e.getKey()), "unknown key '" + e.getKey() + "' in " + what
                        + (hint == null ? "" : "; did you mean '" + hint + "'?") + " (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    Node required(MapNode m, String key, String example) {
        Node n = m.get(key);
        if (n == null || n instanceof Scalar s && s.value() == null) {
            throw error(m.line(), child(m.path(), key), "missing required field '" + key + "'" + (example == null ? "" : ", e.g. " + example));
        }
        return n;
    }

    String string(Node n) {
        if (n instanceof Scalar s && s.value() instanceof String str && !str.isBlank()) {
            if (ParamRef.looksLikeReference(str)) {
                throw error(n, "a ${param} reference is not allowed here, only in model, compile and fit values");
            }
            return str;
        }
        throw error(n, "expected a non-empty string, got " + n.describe());
    }

    String name(Node n) {
        String s = string(n);
        if (!s.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw error(n, "a name may hold letters, digits, '_', '-' and '.', and must not start with a digit; got '" + s + "'");
        }
        return s;
    }

    int integer(Node n) {
        if (n instanceof Scalar s && s.value() instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                && Math.abs(num.doubleValue()) <= Integer.MAX_VALUE) {
            return num.intValue();
        }
        throw error(n, "expected an int, got " + n.describe());
    }

    /** An integer in the range of a Java {@code long}; a larger number (read as a double) is refused, not clamped. */
    long longValue(Node n) {
        if (n instanceof Scalar s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            return ((Number) s.value()).longValue();
        }
        if (n instanceof Scalar s && s.value() instanceof Double d && d == Math.rint(d)) {
            if (d >= -0x1p63 && d < 0x1p63) {
                return d.longValue();
            }
            throw error(n, "expected an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", got " + n.describe());
        }
        throw error(n, "expected an integer, got " + n.describe());
    }

    double number(Node n) {
        if (n instanceof Scalar s && s.value() instanceof Number num && Double.isFinite(num.doubleValue())) {
            return num.doubleValue();
        }
        throw error(n, "expected a number, got " + n.describe());
    }

    boolean bool(Node n) {
        if (n instanceof Scalar s && s.value() instanceof Boolean b) {
            return b;
        }
        throw error(n, "expected true or false, got " + n.describe());
    }

    /**
     * A layer's {@code inputs:}: names, each optionally followed by {@code :k} (output k of that layer); the
     * index itself is checked by {@link LayerSpec#outputIndex}.
     */
    List<String> inputRefs(Node n) {
        List<Node> items = n instanceof Scalar ? List.of(n) : list(n).items();
        List<String> out = new ArrayList<>();
        for (Node item : items) {
            String s = string(item);
            if (!LayerSpec.source(s).matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                throw error(item, "an input is an input's or earlier layer's name, optionally with ':k' for that layer's output k"
                        + " (letters, digits, '_', '-' and '.', not starting with a digit); got '" + s + "'");
            }
            out.add(s);
        }
        return out;
    }

    List<String> strings(Node n) {
        if (n instanceof Scalar) {
            return List.of(name(n));
        }
        List<String> out = new ArrayList<>();
        for (Node item : list(n).items()) {
            out.add(name(item));
        }
        return out;
    }

    /** A typed scalar or a reference. */
    <T> Setting<T> setting(Node n, Class<T> type) {
        if (n instanceof Scalar s && s.value() instanceof String str && ParamRef.looksLikeReference(str)) {
            return Setting.ref(ref(n, str), type);
        }
        Object v = n instanceof Scalar s ? s.value() : null;
        try {
            if (v == null || type == String.class && ((String) v).isBlank()) {
                throw new IllegalArgumentException();
            }
            return new Setting<>(Params.convert(v, type, ""), null, type);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw error(n, "expected " + Params.typeWord(type) + " or a ${param} reference, got " + n.describe());
        }
    }

    ParamRef ref(Node n, String text) {
        try {
            return ParamRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(n, e.getMessage());
        }
    }

    /** A template: nested maps/lists of scalars where {@code ${...}} strings become references. */
    Object template(Node n) {
        if (n instanceof Scalar s) {
            if (s.value() instanceof String str && ParamRef.looksLikeReference(str)) {
                return ref(n, str);
            }
            return s.value();
        }
        if (n instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(template(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((MapNode) n).entries().forEach((k, v) -> out.put(k, template(v)));
        return out;
    }

    /** Plain values (no references allowed). */
    Object plain(Node n) {
        if (n instanceof Scalar s) {
            if (s.value() instanceof String str && ParamRef.looksLikeReference(str)) {
                throw error(n, "a ${param} reference is not allowed here, only in model, compile and fit values");
            }
            return s.value();
        }
        if (n instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            l.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((MapNode) n).entries().forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    /** The allowed word closest to {@code s} (edit distance ≤ 2), or null. */
    @SuppressWarnings("deprecation") // commons-text's LevenshteinDistance needs commons-lang3 >= 3.12; ND4J pins 3.11
    static String closest(String s, Collection<String> allowed) {
        String best = null;
        int bestD = 3;
        for (String a : allowed) {
            int d = StringUtils.getLevenshteinDistance(s.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        return best;
    }


    static Set<String> keys(String... ks) {
        return Set.of(ks);
    }
}
