package dev.hyperforge.experiments.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of the {@code csv} loader, checked: which columns are targets (and of which kind), which are
 * features, which are categorical, and how missing cells and normalisation are handled.
 *
 * <pre>{@code
 * CsvSpec s = CsvSpec.parse(Map.of("path", "houses.csv", "targets", List.of("price")));
 * }</pre>
 */
final class CsvSpec {
    /** How a target column becomes a target array. */
    enum Kind {
        /** The number itself, shape (n, 1). */
        REGRESSION,
        /** Two classes as 0 and 1, shape (n, 1). */
        BINARY,
        /** One column per class, shape (n, classes). */
        ONEHOT,
        /** The class index, shape (n, 1), for sparse categorical cross-entropy. */
        INT
    }

    /** How a categorical feature column is encoded. */
    enum Encoding {
        /** One slot per category plus an out-of-vocabulary slot first, inside {@code features}. */
        ONEHOT,
        /** An input of its own named after the column: ids 1.. per category, 0 for out-of-vocabulary. */
        INT
    }

    /** What to do with an empty or {@code NA} cell. */
    enum Missing {
        ERROR, DROP, MEAN
    }

    static final String NAME = "csv";
    static final java.util.Set<String> KEYS = java.util.Set.of("path", "header", "delimiter", "targets", "features", "kind", "categorical",
            "normalize", "missing", "target_name");

    final String path;
    final boolean header;
    final char delimiter;
    final Map<String, Kind> targets;
    final List<String> features;
    final Map<String, Encoding> categorical;
    final boolean normalize;
    final Missing missing;
    final String targetName;

    private CsvSpec(Map<String, Object> options) {
        Options o = new Options(NAME, options);
        path = o.string("path", null);
        if (path == null) {
            throw new IllegalArgumentException("csv: option 'path' is required (the CSV file, relative to the experiment file)");
        }
        header = o.bool("header", true);
        delimiter = delimiter(o.raw("delimiter"), path);
        Kind kind = Kind.valueOf(o.choice("kind", "regression", List.of("regression", "binary", "onehot", "int")).toUpperCase(Locale.ROOT));
        targets = targets(o.raw("targets"), kind);
        features = names("features", o.raw("features"));
        if (targets.isEmpty() && features == null) {
            throw new IllegalArgumentException("csv: name the target columns (targets: [price]) or the feature columns (features: [...])");
        }
        categorical = categorical(o.raw("categorical"));
        normalize = o.bool("normalize", true);
        missing = Missing.valueOf(o.choice("missing", "error", List.of("error", "drop", "mean")).toUpperCase(Locale.ROOT));
        targetName = o.string("target_name", null);
        for (String c : features == null ? List.<String>of() : features) {
            if (targets.containsKey(c)) {
                throw new IllegalArgumentException("csv: column '" + c + "' is listed both in targets and in features");
            }
        }
        for (String c : categorical.keySet()) {
            if (targets.containsKey(c)) {
                throw new IllegalArgumentException("csv: column '" + c + "' is both a target and categorical; a target's classes come from its kind");
            }
        }
    }

    /** Checks and reads the options. */
    static CsvSpec parse(Map<String, Object> options) {
        return new CsvSpec(options);
    }

    private static char delimiter(Object v, String path) {
        if (v == null) {
            String p = path.toLowerCase(Locale.ROOT);
            return p.endsWith(".tsv") || p.endsWith(".tab") ? '\t' : ',';
        }
        String s = String.valueOf(v);
        if (s.equals("tab") || s.equals("\\t") || s.equals("\t")) {
            return '\t';
        }
        if (s.length() != 1 || s.equals("\"") || s.equals("\n") || s.equals("\r")) {
            throw new IllegalArgumentException("csv: option 'delimiter' must be one character (',', ';', '|') or 'tab', received '" + s + "'");
        }
        return s.charAt(0);
    }

    private static Map<String, Kind> targets(Object v, Kind dflt) {
        Map<String, Kind> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getValue()).toLowerCase(Locale.ROOT);
                if (!List.of("regression", "binary", "onehot", "int").contains(k)) {
                    throw new IllegalArgumentException("csv: option 'targets': the kind of '" + e.getKey()
                            + "' must be one of [regression, binary, onehot, int], received '" + e.getValue() + "'");
                }
                out.put(String.valueOf(e.getKey()), Kind.valueOf(k.toUpperCase(Locale.ROOT)));
            }
            return out;
        }
        List<String> names = names("targets", v);
        if (names != null) {
            names.forEach(n -> out.put(n, dflt));
        }
        return out;
    }

    private static Map<String, Encoding> categorical(Object v) {
        Map<String, Encoding> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getValue()).toLowerCase(Locale.ROOT);
                if (!List.of("onehot", "int").contains(k)) {
                    throw new IllegalArgumentException("csv: option 'categorical': the encoding of '" + e.getKey()
                            + "' must be onehot or int, received '" + e.getValue() + "'");
                }
                out.put(String.valueOf(e.getKey()), Encoding.valueOf(k.toUpperCase(Locale.ROOT)));
            }
            return out;
        }
        List<String> names = names("categorical", v);
        if (names != null) {
            names.forEach(n -> out.put(n, Encoding.ONEHOT));
        }
        return out;
    }

    /** A list of column names (numbers allowed for files without a header), or null when absent. */
    private static List<String> names(String key, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s && !s.isBlank()) {
            return List.of(s);
        }
        if (v instanceof List<?> l && !l.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof String || o instanceof Number) || String.valueOf(o).isBlank()) {
                    throw new IllegalArgumentException("csv: option '" + key + "' must list column names, received " + v);
                }
                if (out.contains(String.valueOf(o))) {
                    throw new IllegalArgumentException("csv: option '" + key + "' lists column '" + o + "' twice");
                }
                out.add(String.valueOf(o));
            }
            return out;
        }
        throw new IllegalArgumentException("csv: option '" + key + "' must be a non-empty list of column names, received " + v);
    }
}
