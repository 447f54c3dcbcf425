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
 * {@code -Dhf.profile=true}; then the medians, the fastest calls and the means are printed to standard error when the
 * JVM exits (the fastest call is the figure least disturbed by other work on a shared machine).
 * {@code -Dhf.profile=cpu} times the process's CPU time instead of wall-clock time ({@link #now}).
 *
 * <pre>{@code
 * HF_JAVA_OPTS="-Xmx6g -Dhf.profile=true" ./hf bench engine --models s1
 * }</pre>
 */
public final class Profiler {
    /** Whether the profile counts the process's CPU time (all threads) instead of wall-clock time. */
    private static final boolean CPU = "cpu".equals(System.getProperty("hf.profile"));
    /** Whether profiling is on ({@code -Dhf.profile=true}, or {@code cpu} for process CPU time). */
    public static final boolean ON = CPU || "true".equals(System.getProperty("hf.profile"));
    private static final com.sun.management.OperatingSystemMXBean OS = CPU
            ? (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            : null;
    private static final Map<String, List<Long>> TOTALS = new TreeMap<>();

    static {
        if (ON) {
            Runtime.getRuntime().addShutdownHook(new Thread(Profiler::print));
        }
    }

    private Profiler() {
    }

    /**
     * The clock the profile reads, in nanoseconds: {@link System#nanoTime()}, or with {@code -Dhf.profile=cpu}
     * the CPU time of the whole process (every thread, native ones included), which other work on a shared
     * machine does not inflate the way it inflates wall-clock time. The JVM reads it in clock ticks (10 ms on
     * Linux), so only the mean over many calls means something there.
     */
    public static long now() {
        return CPU ? OS.getProcessCpuTime() : System.nanoTime();
    }

    /** Adds {@code nanos} to the entry {@code key}. */
    public static synchronized void add(String key, long nanos) {
        TOTALS.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
    }

    private static synchronized void print() {
        System.err.println("profile: calls, median, fastest and mean ms per call" + (CPU ? " (process CPU time)" : ""));
        TOTALS.forEach((k, v) -> {
            List<Long> s = new ArrayList<>(v);
            Collections.sort(s);
            double mean = s.stream().mapToLong(Long::longValue).average().orElse(0);
            System.err.printf(Locale.ROOT, "%-50s %7d %9.3f %9.3f %9.3f%n", k, s.size(), s.get(s.size() / 2) / 1e6, s.get(0) / 1e6, mean / 1e6);
        });
    }
}
