package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ThreadSnap} separates the calling thread's CPU time from the other threads'. */
class ThreadSnapTest {
    private static volatile double sink;

    /** Spins this thread for at least {@code millis} of its own CPU time. */
    private static void burn(long millis) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = mx.getCurrentThreadCpuTime() + millis * 1_000_000L;
        double s = 0;
        while (mx.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                s += Math.sqrt(i);
            }
        }
        sink = s;
    }

    @Test
    void ownWorkCountsAsOwnAndAnotherThreadsWorkAsOther() throws InterruptedException {
        long[] s = new long[4];
        ThreadSnap.take(s);
        burn(50);
        ThreadSnap.take(s);
        assertTrue(s[2] - s[0] >= 50_000_000L, "own CPU after 50 ms of own work: " + (s[2] - s[0]));
        Thread other = new Thread(() -> burn(50));
        other.start();
        other.join();
        long ownBefore = s[2];
        ThreadSnap.take(s);
        assertTrue(s[2] - ownBefore < 50_000_000L, "own CPU while another thread worked: " + (s[2] - ownBefore));
        if (java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task"))) {
            // the finished thread is gone from /proc/self/task; a live one counts
            Thread live = new Thread(() -> {
                burn(50);
                synchronized (ThreadSnapTest.class) {
                    try {
                        ThreadSnapTest.class.wait(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            ThreadSnap.take(s);
            live.start();
            while (live.getState() != Thread.State.WAITING && live.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
            ThreadSnap.take(s);
            synchronized (ThreadSnapTest.class) {
                ThreadSnapTest.class.notifyAll();
            }
            live.join();
            assertTrue(s[3] - s[1] >= 45_000_000L, "other threads' CPU while one worked 50 ms: " + (s[3] - s[1]));
        }
    }
}
