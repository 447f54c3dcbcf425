package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** {@link Parallel#forShared}: every index exactly once on any thread count, and a failure reaches the caller. */
class ParallelSharedTest {
    @Test
    void runsEveryIndexExactlyOnce() {
        for (int n : new int[] {0, 1, 7, 100, 1000}) {
            for (int threads = 1; threads <= 4; threads++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(n, 1));
                int size = n;
                Parallel.forShared(n, threads, next -> {
                    for (int i = next.getAsInt(); i < size; i = next.getAsInt()) {
                        runs.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "index " + i + " of " + n + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void aFailureOnAnyThreadReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forShared(64, 3, next -> {
            for (int i = next.getAsInt(); i < 64; i = next.getAsInt()) {
                if (i == 40) {
                    throw new IllegalStateException("entry 40 failed");
                }
            }
        }));
        assertEquals("entry 40 failed", e.getMessage());
    }
}
