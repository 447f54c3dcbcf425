package dev.hyperforge.experiments.model;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rule for the files an experiment file tells callbacks to write ({@code ModelCheckpoint filepath:}, and any
 * plug-in callback argument that names a file or folder): a relative path that stays inside the run's directory.
 * Workers run experiment text taken from the shared database, so a path the text names must not reach anywhere
 * else on the machine: an absolute path, a {@code ..} segment, a home ({@code ~}) or drive ({@code C:}) prefix is
 * refused where the file is checked, and the resolved path is checked again against the run directory before the
 * callback is created.
 *
 * <pre>{@code
 * OutputPaths.isOutputArgument("filepath");             // true
 * OutputPaths.problem("../../etc/cron.d/x");             // "a '..' segment leaves the run's directory"
 * Path p = OutputPaths.confine(runDir, "best.zip");       // runDir/best.zip
 * }</pre>
 */
public final class OutputPaths {
    private static final Set<String> NAMES = Set.of("filepath", "filename", "file", "path", "dir", "directory",
            "log_dir", "logdir", "output", "output_dir", "output_path", "save_path", "checkpoint_dir");
    private static final Pattern SUFFIX = Pattern.compile(".*_(path|file|filename|filepath|dir|directory)");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private OutputPaths() {
    }

    /**
     * @param key a callback argument's name
     * @return whether it names a file or folder to write (filepath, filename, log_dir, …_path, …_dir, …)
     */
    public static boolean isOutputArgument(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return NAMES.contains(k) || SUFFIX.matcher(k).matches();
    }

    /**
     * What is wrong with a path to write inside the run directory, or null when nothing is.
     *
     * @param path the path as the file gives it
     * @return the reason it would leave the run directory, or null
     */
    public static String problem(String path) {
        if (path.isBlank()) {
            return "an empty path names no file";
        }
        if (path.indexOf('\0') >= 0) {
            return "a NUL character is not allowed in a path";
        }
        if (path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).matches() || Path.of(path).isAbsolute()) {
            return "an absolute path is outside the run's directory";
        }
        if (path.startsWith("~")) {
            return "a home-directory path (~) is outside the run's directory";
        }
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                return "a '..' segment leaves the run's directory";
            }
        }
        return null;
    }

    /**
     * Resolves a path against the run directory, refusing one that would land outside it.
     *
     * @param runDir the run's directory
     * @param path the path as the file gives it
     * @return the path inside the run directory
     * @throws IllegalArgumentException with {@link #problem} or when the resolved path leaves the run directory
     */
    public static Path confine(Path runDir, String path) {
        String why = problem(path);
        Path base = runDir.toAbsolutePath().normalize();
        Path resolved = why == null ? base.resolve(path).normalize() : null;
        if (why == null && !resolved.startsWith(base)) {
            why = "it resolves to " + resolved + ", outside the run's directory";
        }
        if (why != null) {
            throw new IllegalArgumentException(message(path, why));
        }
        return resolved;
    }

    /** The user's message: the rule, what was received and why, and an example. */
    public static String message(String path, String why) {
        return "files are written inside the run's directory (runs/<study>/run-<id>/) only: give a relative path"
                + " without '..', e.g. best.zip; received '" + path + "': " + why;
    }
}
