package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall-clock time per layer call and pass (forward, backward) and per optimizer step, collected over a
 * run, for finding where a training step's time goes. Off unless the JVM runs with
 * {@code -Dhf.profile=true}; then the medians and the fastest calls are printed to standard error when the
 * JVM exits (the fastest call is the figure least disturbed by other work on a shared machine).
 *
 * <pre>{@code
 * HF_JAVA_OPTS="-Xmx6g -Dhf.profile=true" ./hf bench engine --models s1
 * }</pre>
 */
public final class Profiler {
    /** Whether profiling is on ({@code -Dhf.profile=true}). */
    public static final boolean ON = Boolean.getBoolean("hf.profile");
    private static final Map<String, List<Long>> TOTALS = new TreeMap<>();

    static {
        if (ON) {
            Runtime.getRuntime().addShutdownHook(new Thread(Profiler::print));
        }
    }

    private Profiler() {
    }

    /** Adds {@code nanos} to the entry {@code key}. */
    public static synchronized void add(String key, long nanos) {
        TOTALS.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    }

    private static synchronized void print() {
        System.err.println("profile: calls, median and fastest ms per call");
        TOTALS.forEach((k, v) -> {
            List<Long> s = new ArrayList<>(v);
            Collections.sort(s);
            System.err.printf(Locale.ROOT, "%-50s %7d %9.3f %9.3f%n", k, s.size(), s.get(s.size() / 2) / 1e6, s.get(0) / 1e6);
        });
    }
}
