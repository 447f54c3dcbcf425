package dev.hyperforge.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time of this JVM's JIT compiler threads, from Linux's {@code /proc/self/task}. The compiler threads are
 * hidden from {@link java.lang.management.ThreadMXBean}, but the kernel names them ({@code C1 CompilerThre},
 * {@code C2 CompilerThre}: names are cut at 15 characters) and counts their user and system time in clock ticks
 * (10 ms where {@code CLK_TCK} is 100, as on every Linux the JDK supports).
 */
final class CompilerThreads {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long MS_PER_TICK = 10;

    private CompilerThreads() {
    }

    /** Whether the threads' times can be read here. */
    static boolean readable() {
        return Files.isDirectory(TASKS) && cpuMillis() >= 0;
    }

    /** The compiler threads' user and system time in ms (threads that have ended no longer count), or -1 when unreadable. */
    static long cpuMillis() {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                ticks += compilerTicks(t.resolve("stat"));
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * MS_PER_TICK;
    }

    /** A thread's user plus system ticks if it is a compiler thread, else 0 (also when it ended meanwhile). */
    private static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0;
        }
        return ticksOf(line);
    }

    /** The user plus system ticks of a {@code /proc/.../stat} line if its command is a JIT compiler thread, else 0. */
    static long ticksOf(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        if (open < 0 || close < open) {
            return 0;
        }
        String comm = statLine.substring(open + 1, close);
        if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
            return 0;
        }
        String[] rest = statLine.substring(close + 2).trim().split(" ");
        return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);   // utime, stime: fields 14 and 15 of the line
    }
}
