package dev.hyperforge.experiments.file;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an experiment came from: the file name and the line of each field path, so errors found after
 * parsing (for example while building the model) can still point at the right line.
 *
 * <pre>{@code
 * Source s = experiment.source();
 * int line = s.line("model.layers[3].args.units");   // 0 when unknown
 * ExperimentFileException e = s.error("model.layers[3]", "unknown layer 'x'");
 * }</pre>
 *
 * @param file the file name as given, or {@code <code>} for builder-made experiments
 * @param lines line of each field path (1-based)
 */
public record Source(String file, Map<String, Integer> lines) {
    /** The source of experiments written in code. */
    public static final Source CODE = new Source("<code>", Map.of());

    /** Validates and copies. */
    public Source {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("a source needs a file name");
        }
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines == null ? Map.of() : lines));
    }

    /**
     * The line of a field path; if the path itself is unknown, the line of its nearest known parent
     * ({@code model.layers[3].args.units} falls back to {@code model.layers[3].args}, then {@code model.layers[3]} …).
     */
    public int line(String path) {
        String p = path;
        while (p != null && !p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            p = parent(p);
        }
        return 0;
    }

    private static String parent(String p) {
        int dot = p.lastIndexOf('.');
        int br = p.lastIndexOf('[');
        int cut = Math.max(dot, br);
        return cut <= 0 ? null : p.substring(0, cut);
    }

    /**
     * The folder that relative paths in the file (data files, a command's script) are resolved against: the
     * file's own folder, or the current directory for experiments written in code.
     */
    public Path baseDir() {
        if (this == CODE || file.startsWith("<")) {
            return Path.of("");
        }
        Path parent = Path.of(file).getParent();
        return parent == null ? Path.of("") : parent;
    }

    /** An exception located at {@code path}. */
    public ExperimentFileException error(String path, String detail) {
        return new ExperimentFileException(file, line(path), path, detail);
    }

    /** An exception located at {@code path} with a cause. */
    public ExperimentFileException error(String path, String detail, Throwable cause) {
        return new ExperimentFileException(file, line(path), path, detail, cause);
    }
}
