package dev.hyperforge.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bench's warm-up rules, on a simulated clock and simulated compilers. */
class WarmUpTest {
    /** A step of {@code stepMs} ms; the compilers spend {@code jitPerStepMs} per step for the first {@code busySteps} steps. */
    private static final class Sim {
        final long stepNanos;
        final long jitPerStepMs;
        final int busySteps;
        long now;
        long jit;
        int steps;

        Sim(double stepMs, long jitPerStepMs, int busySteps) {
            this.stepNanos = (long) (stepMs * 1e6);
            this.jitPerStepMs = jitPerStepMs;
            this.busySteps = busySteps;
        }

        void step() {
            now += stepNanos;
            if (steps < busySteps) {
                jit += jitPerStepMs;
            }
            steps++;
        }

        WarmUp.Done run(WarmUp mode) {
            return mode.run(this::step, () -> now, () -> jit);
        }
    }

    @Test
    void fixedRunsThreeStepsAndOneSecond() {
        Sim slow = new Sim(600, 0, 0);
        WarmUp.Done d = slow.run(WarmUp.FIXED);
        assertEquals(3, d.steps(), "three steps of 600 ms already pass one second");
        Sim fast = new Sim(10, 0, 0);
        assertEquals(100, fast.run(WarmUp.FIXED).steps(), "one second of 10 ms steps");
        assertFalse(fast.run(WarmUp.FIXED).quiet(), "fixed does not judge the compilers");
    }

    @Test
    void jitWaitsUntilAWindowWithoutCompiling() {
        Sim s = new Sim(20, 5, 200);   // the compilers busy for the first 4 s
        WarmUp.Done d = s.run(WarmUp.JIT);
        assertTrue(d.quiet());
        assertTrue(s.steps > 200, "it stopped at step " + s.steps + " while the compilers were still busy");
        assertTrue(s.steps <= 200 + 2 * 25 + 1, "a quiet window of 0.5 s after the busy steps should end it, took " + s.steps);
        assertEquals(s.now, d.nanos());
    }

    @Test
    void jitEndsAtOnceWhenTheCompilersAreAlreadyQuiet() {
        Sim s = new Sim(20, 0, 0);
        WarmUp.Done d = s.run(WarmUp.JIT);
        assertTrue(d.quiet());
        assertEquals(50 + 25, d.steps(), "one second, then one quiet window of 0.5 s");
    }

    @Test
    void jitGivesUpAtTheCap() {
        Sim s = new Sim(100, 10, Integer.MAX_VALUE);   // compiling 10 % of the time, forever
        WarmUp.Done d = s.run(WarmUp.JIT);
        assertFalse(d.quiet());
        assertTrue(d.nanos() >= WarmUp.CAP_NANOS && d.nanos() < WarmUp.CAP_NANOS + 200_000_000L, d.toString());
    }

    @Test
    void aSlowStepStillNeedsThreeStepsPerWindow() {
        Sim s = new Sim(400, 0, 0);
        WarmUp.Done d = s.run(WarmUp.JIT);
        assertEquals(3 + 3, d.steps(), "three warm-up steps, then a window of three steps (1.2 s)");
    }

    @Test
    void withoutCompilerTimesJitIsFixed() {
        Sim s = new Sim(10, 0, 0);
        WarmUp.Done d = WarmUp.JIT.run(s::step, () -> s.now, null);
        assertEquals(100, d.steps());
        assertFalse(d.quiet());
    }

    @Test
    void theCommandLineWords() {
        assertEquals(WarmUp.JIT, WarmUp.parse("jit"));
        assertEquals(WarmUp.FIXED, WarmUp.parse("FIXED"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WarmUp.parse("long"));
        assertTrue(e.getMessage().contains("--warm-up must be jit or fixed"), e.getMessage());
    }

    @Test
    void compilerThreadTicksFromAStatLine() {
        String c2 = "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 4194624 812 0 0 0 186 7 0 0 20 0 30 0 1234 0 0";
        assertEquals(193, CompilerThreads.ticksOf(c2), "utime 186 + stime 7");
        String main = "4200 (java) S 1 4200 4200 0 -1 4194624 812 0 0 0 900 12 0 0 20 0 30 0 1234 0 0";
        assertEquals(0, CompilerThreads.ticksOf(main), "not a compiler thread");
        String odd = "4243 (a) b (c) S 1 4200 4200 0 -1 4194624 812 0 0 0 5 6 0 0 20 0 30 0 1234 0 0";
        assertEquals(0, CompilerThreads.ticksOf(odd), "a name with parentheses is not mistaken for one");
    }

    @Test
    void thisJvmsCompilersAreReadOnLinux() {
        if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            return;
        }
        long before = CompilerThreads.cpuMillis();
        assertTrue(before >= 0, "the compiler threads' times should be readable on Linux");
        double sink = 0;
        for (int round = 0; round < 200; round++) {   // a hot method for the compilers
            sink += busy(round);
        }
        assertTrue(sink != 0.5);
        long after = CompilerThreads.cpuMillis();
        assertTrue(after >= before && after > 0, "a JVM that ran JUnit and a hot loop has compiled for more than a tick: " + before + " -> " + after);
    }

    private static double busy(int seed) {
        double s = seed;
        for (int i = 0; i < 100_000; i++) {
            s = s * 1.0000001 + Math.sqrt(i + seed);
        }
        return s;
    }
}
