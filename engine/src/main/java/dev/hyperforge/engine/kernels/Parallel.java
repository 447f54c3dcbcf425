package dev.hyperforge.engine.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import dev.hyperforge.engine.Backend;

/**
 * Splits independent rows (e.g. the samples of a batch) over the native thread count
 * ({@link Backend#nativeThreads()}) for the engine's own Java kernels. Each row is computed by exactly
 * one thread and rows never interact, so results do not depend on the number of threads or on
 * scheduling. The calling thread computes the first chunk; the others run on a shared daemon pool.
 *
 * <pre>{@code
 * Parallel.forRows(batch, workPerRow, (from, to) -> { for (int i = from; i < to; i++) { ... } });
 * }</pre>
 */
public final class Parallel {
    /** Below this much work (multiply-adds, roughly) everything runs on the calling thread. */
    static final long MIN_PARALLEL_WORK = 200_000;
    private static volatile ExecutorService pool;
    private static volatile int threads;

    private Parallel() {
    }

    /** Work on the rows {@code [from, to)}. */
    public interface Rows {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [0, n)} in contiguous chunks, one per thread. */
    public static void forRows(int n, long workPerRow, Rows body) {
        int t = Math.min(threads(), n);
        if (t <= 1 || workPerRow * n < MIN_PARALLEL_WORK) {
            body.run(0, n);
            return;
        }
        List<Future<?>> others = new ArrayList<>(t - 1);
        for (int k = 1; k < t; k++) {
            int from = (int) ((long) n * k / t);
            int to = (int) ((long) n * (k + 1) / t);
            others.add(pool().submit(() -> body.run(from, to)));
        }
        body.run(0, (int) ((long) n / t));
        join(others);
    }

    /** Work on the items a shared counter hands out: {@code next} gives the next index, {@code >= n} when none is left. */
    public interface Shared {
        void run(IntSupplier next);
    }

    /**
     * Runs every index of {@code [0, n)} exactly once, on the calling thread and up to {@code threads - 1} pool
     * threads, each taking the next index from a shared counter as it comes free. Unlike {@link #forRows} a pool
     * thread that starts late (a loaded machine) leaves its share to the others: the caller waits only for
     * indices already taken. Results must not depend on which thread runs an index.
     *
     * @param threads the threads to use at most (1 runs everything on the calling thread)
     */
    public static void forShared(int n, int threads, Shared body) {
        AtomicInteger counter = new AtomicInteger();
        int t = Math.min(threads, n);
        if (t <= 1) {
            body.run(counter::getAndIncrement);
            return;
        }
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int k = 1; k < t; k++) {
            pool().execute(() -> participate(n, counter, finished, failure, body));
        }
        participate(n, counter, finished, failure, body);
        while (finished.get() < n && failure.get() == null) {
            Thread.yield();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * {@link #forRows} through {@link #forShared}: the rows in chunks (four per thread) that the threads take as
     * they come free, so a late pool thread holds nobody up. For short passes (well under a millisecond) over
     * independent rows.
     */
    public static void forRowsShared(int n, long workPerRow, Rows body) {
        int t = Math.min(threads(), n);
        if (t <= 1 || workPerRow * n < MIN_PARALLEL_WORK) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, 4 * t);
        forShared(chunks, t, next -> {
            for (int c = next.getAsInt(); c < chunks; c = next.getAsInt()) {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
        });
    }

    private static void participate(int n, AtomicInteger counter, AtomicInteger finished, AtomicReference<RuntimeException> failure, Shared body) {
        boolean[] holding = {false};
        try {
            body.run(() -> {
                if (holding[0]) {
                    finished.incrementAndGet();
                }
                int i = failure.get() == null ? counter.getAndIncrement() : n;
                holding[0] = i < n;
                return i;
            });
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } catch (Error e) {
            failure.compareAndSet(null, new IllegalStateException(e));
        }
    }

    private static void join(List<Future<?>> futures) {
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                failure = c instanceof RuntimeException re ? re : new IllegalStateException(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while waiting for a kernel thread", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Reads ND4J's native thread count again at the next use ({@link Backend#shareCores} changed it). */
    public static void followBackend() {
        threads = 0;
    }

    /** Sets the thread count (tests use it to check that results do not depend on it); 0 = ND4J's again. */
    static void setThreads(int n) {
        threads = n;
    }

    /** The number of threads used: ND4J's native thread count. */
    static int threads() {
        int t = threads;
        if (t == 0) {
            t = Math.max(1, Backend.nativeThreads());
            threads = t;
        }
        return t;
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                if (pool == null) {
                    pool = Executors.newCachedThreadPool(r -> {
                        Thread th = new Thread(r, "hyperforge-kernel");
                        th.setDaemon(true);
                        return th;
                    });
                }
                p = pool;
            }
        }
        return p;
    }
}
