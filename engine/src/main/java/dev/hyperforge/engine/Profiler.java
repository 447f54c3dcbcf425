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
 * {@code -Dhf.profile=threads} times wall-clock time and, beside each entry, the CPU time of the calling thread
 * ({@code key [own cpu]}) and of all the process's other threads ({@code key [other cpu]}, read from
 * {@code /proc/self/task/* /schedstat} in nanoseconds): with two kernel threads, a call whose other-thread time is
 * near its wall time keeps both cores busy, one whose other-thread time is near zero runs on one core.
 *
 * <pre>{@code
 * HF_JAVA_OPTS="-Xmx6g -Dhf.profile=true" ./hf bench engine --models s1
 * }</pre>
 */
public final class Profiler {
    /** Whether the profile counts the process's CPU time (all threads) instead of wall-clock time. */
    private static final boolean CPU = "cpu".equals(System.getProperty("hf.profile"));
    /** Whether each entry also records the CPU time of the calling thread and of the other threads. */
    private static final boolean THREADS = "threads".equals(System.getProperty("hf.profile"));
    /** Whether profiling is on ({@code -Dhf.profile=true}, {@code cpu} for process CPU time, or {@code threads}). */
    public static final boolean ON = CPU || THREADS || "true".equals(System.getProperty("hf.profile"));
    /** Per thread: the CPU times (own, others) read at the latest two {@link #now} calls. */
    private static final ThreadLocal<long[]> SNAPS = ThreadLocal.withInitial(() -> new long[4]);
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
        if (THREADS) {
            ThreadSnap.take(SNAPS.get());
        }
        return CPU ? OS.getProcessCpuTime() : System.nanoTime();
    }

    /**
     * Adds {@code nanos} to the entry {@code key}; in the {@code threads} mode also the CPU times between the
     * latest two {@link #now} calls of this thread (the start and end of the timed call).
     */
    public static synchronized void add(String key, long nanos) {
        TOTALS.computeIfAbsent(key, k -> new ArrayList<>()).add(nanos);
        if (THREADS) {
            long[] s = SNAPS.get();
            TOTALS.computeIfAbsent(key + " [own cpu]", k -> new ArrayList<>()).add(s[2] - s[0]);
            TOTALS.computeIfAbsent(key + " [other cpu]", k -> new ArrayList<>()).add(s[3] - s[1]);
        }
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
