package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs the independent layer calls of a {@link Schedule} level at once, on as many threads as the engine's
 * kernels use ({@link Backend#nativeThreads()}; at least two with {@code always}): the calling thread runs the first group of calls, a daemon pool
 * the others, and the caller waits for all of them. Each call computes exactly what it computes in a sequential
 * pass (its own random generator, its own reusable arrays; the executor commits results in sequential order), so
 * results are bit-identical whichever way a level runs.
 *
 * <p>Which levels run at once is decided per kind of pass (training forward, inference, backward) from the
 * calls' own times: the first {@link #MEASURED} passes of a kind after the first run sequentially and are timed
 * per call; then a level runs at once when splitting its calls into groups (heaviest first, each to the least
 * loaded group) leaves at least {@link #MIN_GROUP_NANOS} in every group, so that handing work to another thread
 * is worth its cost. A chain of layers never runs anything at once. {@code -Dhf.concurrentBranches} chooses
 * ({@link Mode}): {@code false} (the default) runs every pass sequentially, {@code train} plans training passes
 * only, {@code auto} (or {@code true}) training and inference passes, {@code always} runs every level of several
 * calls at once.
 *
 * <pre>{@code
 * Branches b = new Branches(schedule, nodeCount);
 * int[][] groups = b.groups(Branches.Kind.INFER, level);   // null: run the level sequentially
 * }</pre>
 */
final class Branches {
    /** The kinds of pass, each planned separately (their calls cost differently). */
    enum Kind { TRAIN, INFER, BACKWARD }

    /**
     * How levels are chosen: never (the default: on the shared two-core machine S1 gained at most a few per cent,
     * see engine/BENCHMARK.md round 7); by the plan in training passes only (inference passes, whose recurrent
     * kernels already split their rows over the threads, gained nothing); by the plan in every pass; every level
     * of several calls in every pass (tests).
     */
    enum Mode { OFF, TRAIN, AUTO, ALWAYS }

    /** Timed passes of a kind before its plan is made (the first pass of each kind is not timed: cold code). */
    static final int MEASURED = 3;
    /** The least time each group of a level must take for the level to run at once. */
    static final long MIN_GROUP_NANOS = 1_000_000;
    private static volatile Mode mode = parse(System.getProperty("hf.concurrentBranches", "false"));
    private static volatile ExecutorService pool;
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private final Schedule schedule;
    private final int nodes;
    private final Plan[][] plans = new Plan[Mode.values().length][Kind.values().length];

    Branches(Schedule schedule, int nodes) {
        this.schedule = schedule;
        this.nodes = nodes;
        for (Plan[] byKind : plans) {
            for (Kind k : Kind.values()) {
                byKind[k.ordinal()] = new Plan();
            }
        }
    }

    static Mode parse(String v) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "train" -> Mode.TRAIN;
            case "always" -> Mode.ALWAYS;
            case "auto", "true", "on", "1" -> Mode.AUTO;
            default -> Mode.OFF;
        };
    }

    /** Sets the mode for every model in this JVM (tests compare the modes); {@code -Dhf.concurrentBranches} sets it at start. */
    static void setMode(Mode m) {
        mode = m;
    }

    static Mode mode() {
        return mode;
    }

    /** What one pass of a kind does: the groups of each level, or null per level run sequentially; null when all are. */
    final class Plan {
        private int passes;
        private final long[] best = new long[nodes];
        private int[][][] levels;

        /** Whether this pass times its calls (then it runs sequentially). */
        boolean timing() {
            return mode != Mode.ALWAYS && levels == null && passes > 1 && passes <= MEASURED + 1;
        }

        /** Records a timed call. */
        void record(int node, long nanos) {
            best[node] = best[node] == 0 ? nanos : Math.min(best[node], nanos);
        }
    }

    /**
     * The plan for this pass of a kind; call once per pass. Null when every level runs sequentially: the pass then
     * runs its calls in plain sequential order.
     */
    synchronized Plan begin(Kind kind) {
        Mode m = mode;
        if (m == Mode.OFF || m == Mode.TRAIN && kind == Kind.INFER || !schedule.branched() || INSIDE.get()
                || m != Mode.ALWAYS && Backend.nativeThreads() < 2) {
            return null;
        }
        Plan p = plans[m.ordinal()][kind.ordinal()];
        if (p.levels == null && (m == Mode.ALWAYS || p.passes > MEASURED)) {
            p.levels = decide(kind, m, p.best);
        }
        p.passes++;
        return p;
    }

    /** The groups of level {@code l} of this plan, or null when the level runs sequentially. */
    static int[][] groups(Plan p, int l) {
        return p == null || p.levels == null ? null : p.levels[l];
    }

    /** The levels this plan runs at once, as {@code level: [group] [group]} lines (tests and benchmarks print it). */
    static String describe(Plan p) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; p != null && p.levels != null && l < p.levels.length; l++) {
            if (p.levels[l] != null) {
                b.append(l).append(':');
                for (int[] g : p.levels[l]) {
                    b.append(' ').append(Arrays.toString(g));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** Whether the plan runs any level at once. */
    static boolean concurrent(Plan p) {
        if (p == null || p.levels == null) {
            return false;
        }
        for (int[][] g : p.levels) {
            if (g != null) {
                return true;
            }
        }
        return false;
    }

    private int[][][] decide(Kind kind, Mode m, long[] best) {
        List<int[]> levels = kind == Kind.BACKWARD ? schedule.backward() : schedule.forward();
        int threads = Math.max(m == Mode.ALWAYS ? 2 : 1, Backend.nativeThreads());
        int[][][] out = new int[levels.size()][][];
        for (int l = 0; l < levels.size(); l++) {
            int[] level = levels.get(l);
            if (level.length < 2) {
                continue;
            }
            int[][] g = split(level, Math.min(threads, level.length), m == Mode.ALWAYS ? null : best);
            if (m == Mode.ALWAYS || lightest(g, best) >= MIN_GROUP_NANOS) {
                out[l] = g;
            }
        }
        return out;
    }

    /**
     * Splits a level's calls into groups, each group keeping the level's order: heaviest call first to the least
     * loaded group, or round robin without times.
     */
    static int[][] split(int[] level, int groups, long[] times) {
        List<List<Integer>> g = new ArrayList<>();
        long[] load = new long[groups];
        for (int k = 0; k < groups; k++) {
            g.add(new ArrayList<>());
        }
        Integer[] order = new Integer[level.length];
        for (int k = 0; k < level.length; k++) {
            order[k] = k;
        }
        if (times != null) {
            Arrays.sort(order, (a, b) -> Long.compare(times[level[b]], times[level[a]]));
        }
        for (int k = 0; k < level.length; k++) {
            int target = k % groups;
            if (times != null) {
                for (int q = 0; q < groups; q++) {
                    target = load[q] < load[target] ? q : target;
                }
                load[target] += times[level[order[k]]];
            }
            g.get(target).add(order[k]);
        }
        int[][] out = new int[groups][];
        for (int k = 0; k < groups; k++) {
            out[k] = g.get(k).stream().sorted().mapToInt(p -> level[p]).toArray();
        }
        return out;
    }

    private static long lightest(int[][] groups, long[] times) {
        long min = Long.MAX_VALUE;
        for (int[] g : groups) {
            long sum = 0;
            for (int i : g) {
                sum += times[i];
            }
            min = Math.min(min, sum);
        }
        return min;
    }

    /**
     * Runs {@code work} on every node of the groups, a group per thread, the first on the caller; waits for all.
     * A failing call does not stop the others' groups; the failure of the call a sequential pass would have reached
     * first ({@code first} orders them) is rethrown as it was thrown, naming the layer in a suppressed note.
     */
    static void run(int[][] groups, IntConsumer work, java.util.Comparator<Integer> first, java.util.function.IntFunction<String> name) {
        List<Future<?>> others = new ArrayList<>(groups.length - 1);
        Failure[] failures = new Failure[groups.length];
        for (int k = 1; k < groups.length; k++) {
            int[] g = groups[k];
            int slot = k;
            others.add(pool().submit(() -> {
                INSIDE.set(true);
                try {
                    Backend.applyThreadLimit();
                    failures[slot] = runGroup(g, work);
                } finally {
                    INSIDE.set(false);
                }
            }));
        }
        INSIDE.set(true);
        try {
            failures[0] = runGroup(groups[0], work);
        } finally {
            INSIDE.set(false);
        }
        awaitAll(others);
        Failure worst = null;
        for (Failure f : failures) {
            if (f != null && (worst == null || first.compare(f.node, worst.node) < 0)) {
                worst = f;
            }
        }
        if (worst != null) {
            worst.error.addSuppressed(new IllegalStateException(name.apply(worst.node) + " failed while another branch ran at once"));
            throwUnchecked(worst.error);
        }
    }

    private record Failure(int node, Throwable error) {
    }

    private static Failure runGroup(int[] group, IntConsumer work) {
        for (int i : group) {
            try {
                work.accept(i);
            } catch (RuntimeException | Error e) {
                return new Failure(i, e);
            }
        }
        return null;
    }

    /** Waits for every future, interrupted or not (the calls must end before the pass goes on); rethrows a task's own failure. */
    private static void awaitAll(List<Future<?>> futures) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throwUnchecked(failure);
        }
    }

    private static void throwUnchecked(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error er) {
            throw er;
        }
        throw new IllegalStateException(t);
    }

    /** Threads that live while there is work (60 s idle), created as needed: nested use can never wait for a free one. */
    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Branches.class) {
                if (pool == null) {
                    pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                        Thread th = new Thread(r, "hyperforge-branch");
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
