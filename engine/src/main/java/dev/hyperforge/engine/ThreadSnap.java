package dev.hyperforge.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the CPU time of the calling thread and of all other threads of the process (native OpenMP threads
 * included), in nanoseconds, for {@link Profiler}'s {@code threads} mode. The other threads' time is the sum of
 * the first field of each {@code /proc/self/task/<tid>/schedstat} (Linux; zero elsewhere), minus the calling
 * thread's own.
 *
 * <pre>{@code
 * long[] s = new long[4];
 * ThreadSnap.take(s);   // s[2], s[3]: own and other CPU ns now; s[0], s[1]: the previous reading
 * }</pre>
 */
final class ThreadSnap {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadSnap() {
    }

    /** Moves the reading in {@code s[2], s[3]} to {@code s[0], s[1]} and stores the current one (own, others) in {@code s[2], s[3]}. */
    static void take(long[] s) {
        s[0] = s[2];
        s[1] = s[3];
        long own = MX.getCurrentThreadCpuTime();
        s[2] = own;
        s[3] = allThreads() - own;
    }

    private static long allThreads() {
        long sum = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(TASKS)) {
            for (Path t : ds) {
                try {
                    String v = new String(Files.readAllBytes(t.resolve("schedstat")), StandardCharsets.US_ASCII);
                    sum += Long.parseLong(v.substring(0, v.indexOf(' ')));
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }
}
