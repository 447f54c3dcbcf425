package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#forShared} and {@link Parallel#forRowsShared}: every index or row exactly once on any thread
 * count, and a failure reaches the caller.
 */
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
    void sharedRowsCoverEveryRowOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            Parallel.setThreads(threads);
            try {
                for (int n : new int[] {1, 5, 13, 12_800}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(n);
                    Parallel.forRowsShared(n, 1_000, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            runs.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, runs.get(i), "row " + i + " of " + n + " on " + threads + " threads");
                    }
                }
            } finally {
                Parallel.setThreads(0);
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
