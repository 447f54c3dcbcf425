package dev.hyperforge.experiments.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How long {@code hf bench engine} runs a model's step before timing it.
 *
 * <p>{@link #FIXED} runs {@value #MIN_BATCHES} steps and more until {@value #MIN_NANOS} ns have passed: enough for
 * a small model's step to leave the interpreter, but the JIT compilers (C1, C2) may still be compiling the layers'
 * loops during the timed steps. On two cores they then take one core away from the step's parallel parts: on S7
 * they took 12–20 ms of CPU per 27 ms step (engine/BENCHMARK.md, round 10b).
 *
 * <p>{@link #JIT} (the default) does the same and then goes on until the compilers are quiet: a window of at least
 * {@value #WINDOW_NANOS} ns and {@value #MIN_BATCHES} steps during which they spent at most {@value #QUIET_SHARE} of
 * the window's time compiling ({@link CompilationMXBean#getTotalCompilationTime}), or until {@value #CAP_NANOS} ns
 * in all. The steps timed after it are the steady state a training run of many epochs spends its time in, as
 * PyTorch's are after its few warm-up steps (it has no JIT). Where the JVM cannot time its compilers, it is
 * {@link #FIXED}.
 */
public enum WarmUp {
    /** At least {@value #MIN_BATCHES} steps and {@value #MIN_NANOS} ns. */
    FIXED,
    /** {@link #FIXED}, then until the JIT compilers are quiet (at most {@value #CAP_NANOS} ns in all). */
    JIT;

    /** Warm-up steps, at least. */
    static final int MIN_BATCHES = 3;
    /** Warm-up time, at least. */
    static final long MIN_NANOS = 1_000_000_000L;
    /** The shortest window in which the compilers' time is judged. */
    static final long WINDOW_NANOS = 500_000_000L;
    /** The most of a window's time the compilers may take for it to count as quiet. */
    static final double QUIET_SHARE = 0.01;
    /** The longest warm-up. */
    static final long CAP_NANOS = 30_000_000_000L;

    /** What a warm-up did: its steps, its length, and whether the compilers were quiet at its end. */
    public record Done(int steps, long nanos, boolean quiet) {
    }

    /** The mode a command-line word names: {@code jit} or {@code fixed}. */
    public static WarmUp parse(String word) {
        for (WarmUp w : values()) {
            if (w.name().equalsIgnoreCase(word)) {
                return w;
            }
        }
        throw new IllegalArgumentException("--warm-up must be jit or fixed, received '" + word + "'");
    }

    /**
     * The JIT compilers' time so far in ms, or null where it cannot be read: on Linux the CPU time of the JVM's
     * compiler threads ({@code /proc/self/task/}{@code *}{@code /stat}, threads named {@code C1 CompilerThread…} and
     * {@code C2 CompilerThread…}), which grows while a compilation runs; elsewhere
     * {@link CompilationMXBean#getTotalCompilationTime}, which grows only when one ends (a long C2 compilation on a
     * busy machine can then hide in a window that looks quiet).
     */
    static LongSupplier compilerMillis() {
        if (CompilerThreads.readable()) {
            return CompilerThreads::cpuMillis;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
    }

    /** Runs {@code step} as this mode says, on the real clock and the JVM's compilers. */
    public Done run(Runnable step) {
        return run(step, System::nanoTime, compilerMillis());
    }

    /** {@link #run(Runnable)} with the clock and the compilers' time given ({@code jitMillis} null: not known). */
    Done run(Runnable step, LongSupplier clock, LongSupplier jitMillis) {
        long start = clock.getAsLong();
        int steps = 0;
        while (steps < MIN_BATCHES || clock.getAsLong() - start < MIN_NANOS) {
            step.run();
            steps++;
        }
        if (this == FIXED || jitMillis == null) {
            return new Done(steps, clock.getAsLong() - start, false);
        }
        long windowStart = clock.getAsLong();
        long jitAtStart = jitMillis.getAsLong();
        int inWindow = 0;
        while (true) {
            long now = clock.getAsLong();
            long window = now - windowStart;
            if (inWindow >= MIN_BATCHES && window >= WINDOW_NANOS) {
                if (jitMillis.getAsLong() - jitAtStart <= QUIET_SHARE * window / 1e6) {
                    return new Done(steps, now - start, true);
                }
                windowStart = now;
                jitAtStart = jitMillis.getAsLong();
                inWindow = 0;
            }
            if (now - start >= CAP_NANOS) {
                return new Done(steps, now - start, false);
            }
            step.run();
            steps++;
            inWindow++;
        }
    }

    /** The word the command line and the JSON use. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
