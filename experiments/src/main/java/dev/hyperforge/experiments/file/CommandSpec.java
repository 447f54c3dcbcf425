package dev.hyperforge.experiments.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code command} section: a program run once per trial instead of a model built from the file. Every
 * argument and environment value may hold {@code ${param}} references, whole ({@code "${lr}"}) or inside text
 * ({@code "--lr=${lr}"}); they are replaced by the trial's values (a simplex as comma-separated weights).
 *
 * <pre>{@code
 * CommandSpec c = new CommandSpec(List.of("python3", "train.py", "--lr", "${lr}"), Duration.ofHours(1),
 *         Map.of("OMP_NUM_THREADS", "1"));
 * List<String> argv = c.argv(Map.of("lr", 0.01), List.of());   // [python3, train.py, --lr, 0.01]
 * }</pre>
 *
 * @param run the program and its arguments (non-empty; relative paths are relative to the experiment file's folder)
 * @param timeout the longest one trial's program may run
 * @param env extra environment variables
 */
public record CommandSpec(List<String> run, Duration timeout, Map<String, String> env) {
    /** The timeout when the file gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    private static final Pattern ANY_REF = Pattern.compile("\\$\\{[^}]*}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    /** Validates and copies. */
    public CommandSpec {
        if (run == null || run.isEmpty() || run.get(0) == null || run.get(0).isBlank()) {
            throw new IllegalArgumentException("command.run needs a program, e.g. run: [python3, train.py]");
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("command.timeout must be positive, received " + timeout);
        }
        run = List.copyOf(run);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env == null ? Map.of() : env));
    }

    /**
     * The {@code ${...}} references in a text, in order.
     *
     * @throws IllegalArgumentException for a malformed reference
     */
    public static Set<ParamRef> references(String text) {
        Set<ParamRef> out = new LinkedHashSet<>();
        Matcher m = ANY_REF.matcher(text);
        while (m.find()) {
            out.add(ParamRef.parse(m.group()));
        }
        if (text.replaceAll(ANY_REF.pattern(), "").contains("${")) {
            throw new IllegalArgumentException("unclosed parameter reference in '" + text + "'; write ${name}");
        }
        return out;
    }

    /** The program and arguments with the trial's values put in. */
    public List<String> argv(Map<String, ?> params, List<ParamSpec> space) {
        List<String> out = new ArrayList<>();
        run.forEach(a -> out.add(substitute(a, params, space)));
        return out;
    }

    /** The extra environment with the trial's values put in. */
    public Map<String, String> environment(Map<String, ?> params, List<ParamSpec> space) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> out.put(k, substitute(v, params, space)));
        return out;
    }

    /** Replaces each {@code ${...}} in {@code text} by the parameter's value as text. */
    static String substitute(String text, Map<String, ?> params, List<ParamSpec> space) {
        Matcher m = ANY_REF.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = Params.resolve(ParamRef.parse(m.group()), params, space);
            m.appendReplacement(sb, Matcher.quoteReplacement(text(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A parameter value as a program sees it: numbers as Java prints them, a simplex comma-separated. */
    public static String text(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(o -> parts.add(String.valueOf(o)));
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    /**
     * The script the command runs, for its SHA-256 in the provenance: the first argument after the program
     * that names an existing file (resolved against {@code baseDir}), else the program itself when it is a path.
     */
    public Optional<Path> script(Path baseDir) {
        for (int i = 1; i < run.size(); i++) {
            Path p = file(baseDir, run.get(i));
            if (p != null) {
                return Optional.of(p);
            }
        }
        return run.get(0).contains("/") ? Optional.ofNullable(file(baseDir, run.get(0))) : Optional.empty();
    }

    private static Path file(Path baseDir, String arg) {
        if (arg.contains("${") || arg.startsWith("-")) {
            return null;
        }
        try {
            Path p = baseDir.resolve(arg);
            return Files.isRegularFile(p) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    /**
     * Parses a duration: {@code 90} (seconds), {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}.
     *
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 90s, 10m or 1h, got '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = n * switch (unit) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            default -> 86_400_000;
        };
        return Duration.ofMillis(Math.round(ms));
    }
}
