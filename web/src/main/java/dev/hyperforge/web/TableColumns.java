package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudySummary;
import dev.hyperforge.tracker.TableRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps each study's runs as columns ({@link RunColumns}) so that the trial table filters, sorts and counts in memory
 * ({@link ColumnQuery}) and reads only its page's rows from the database.
 *
 * <p>A run in a final state (COMPLETE, PRUNED, FAILED) never changes what the table filters or sorts it by, so those
 * runs are kept: when the study's kept count of final runs (read by key from the summary) exceeds the kept rows, the
 * runs finished since the latest kept finish time, less {@link #CLOCK_MARGIN} for workers whose clocks lag, are read
 * ({@link RunStore#tableRows}) and appended; should the count still fall short, the study is read again. The runs not
 * yet final (RUNNING, WAITING) are read at each call, and only when the summary counts some. A study of more than
 * {@link #SYNC_RUNS} runs is first read in the background, the table answering from SQL meanwhile; at most
 * {@link #MAX_STUDIES} studies and {@link #MAX_CELLS} values in all are kept, least recently used first out, and a
 * study too large for that is always answered from SQL.
 *
 * <pre>{@code
 * Optional<TableColumns.Snapshot> s = columns.snapshot(studyId, store.studySummary(studyId));
 * }</pre>
 */
final class TableColumns {
    /** How far behind the latest kept finish time an incremental read starts. */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);
    /** Studies of at most this many runs are read in the request that first needs them. */
    static final long SYNC_RUNS = 20_000;
    /** The most studies kept. */
    static final int MAX_STUDIES = 8;
    /** The most values kept over all studies (8 bytes each: 256 MB). */
    static final long MAX_CELLS = 32_000_000;
    private static final Instant NEVER = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final int LOCK_STRIPES = 64;

    /**
     * A study's table now.
     *
     * @param finals the kept runs in a final state
     * @param live the runs not yet final, read now (none of them among {@code finals})
     */
    record Snapshot(RunColumns finals, RunColumns live) {
    }

    private record Kept(RunColumns finals, long watermarkMs) {
    }

    private final RunStore store;
    private final BoundedCache<Long, Kept> kept = new BoundedCache<>(MAX_STUDIES, MAX_CELLS, k -> k.finals().cells());
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Set<Long> building = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "hf-table-columns");
                t.setDaemon(true);
                return t;
            });
    private final AtomicLong fullReads = new AtomicLong();

    private final Foreground foreground;

    TableColumns(RunStore store) {
        this(store, Foreground.NONE);
    }

    /** @param foreground the requests in flight: a background read starts when none is (or after a wait) */
    TableColumns(RunStore store, Foreground foreground) {
        this.store = store;
        this.foreground = foreground;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
        background.allowCoreThreadTimeOut(true);
    }

    /**
     * @param studyId the study
     * @param sum its summary, read just before
     * @return its columns, or empty while they are read in the background or when they are too large to keep
     */
    Optional<Snapshot> snapshot(long studyId, StudySummary sum) {
        long finished = count(sum, TrialState.COMPLETE) + count(sum, TrialState.PRUNED) + count(sum, TrialState.FAILED);
        long open = count(sum, TrialState.RUNNING) + count(sum, TrialState.WAITING);
        Kept k = kept.get(studyId);
        if (k == null && finished + open > SYNC_RUNS) {
            if (building.add(studyId)) {
                background.execute(() -> {
                    try {
                        foreground.yieldToRequests();
                        refresh(studyId, finished);
                    } catch (RuntimeException e) {
                        // the table keeps answering from SQL; the next request tries again
                    } finally {
                        building.remove(studyId);
                    }
                });
            }
            return Optional.empty();
        }
        List<TableRow> rows = null;
        if (k == null || k.finals().size() < finished) {
            rows = refresh(studyId, finished);
            k = kept.get(studyId);
            if (rows == null || k == null) {
                return Optional.empty();
            }
        } else if (open > 0) {
            rows = store.tableRows(studyId, NEVER);
        }
        return Optional.of(new Snapshot(k.finals(), rows == null ? RunColumns.EMPTY : live(rows, k.finals())));
    }

    /**
     * Starts reading a large study's columns in the background if they are not kept (the first table call of a study
     * page does, so that its first filter finds them).
     *
     * @param studyId the study
     * @param sum its summary, read just before
     */
    void prefetch(long studyId, StudySummary sum) {
        if (kept.get(studyId) == null && total(sum) > SYNC_RUNS) {
            snapshot(studyId, sum);
        }
    }

    private static long total(StudySummary sum) {
        return sum.counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Reads what the kept columns lack (everything when nothing or too little is kept) and keeps the result.
     *
     * @return the rows read (the runs not final among them), or null when the study is too large to keep
     */
    private List<TableRow> refresh(long studyId, long finished) {
        synchronized (locks[Math.floorMod(Long.hashCode(studyId), LOCK_STRIPES)]) {
            Kept k = kept.get(studyId);
            if (k != null && k.finals().size() >= finished) {
                return store.tableRows(studyId, NEVER);
            }
            List<TableRow> rows = store.tableRows(studyId, k == null ? Instant.EPOCH
                    : Instant.ofEpochMilli(k.watermarkMs() - CLOCK_MARGIN.toMillis()));
            Kept next = merge(k, rows);
            if (next.finals().size() < finished) {
                fullReads.incrementAndGet();
                rows = store.tableRows(studyId, Instant.EPOCH);
                next = merge(null, rows);
            }
            if (next.finals().cells() > MAX_CELLS) {
                return null;
            }
            kept.put(studyId, next);
            return rows;
        }
    }

    private static Kept merge(Kept k, List<TableRow> rows) {
        long watermark = k == null ? Long.MIN_VALUE : k.watermarkMs();
        List<TableRow> finals = rows.stream().filter(r -> r.state().isFinished()).toList();
        for (TableRow r : finals) {
            watermark = Math.max(watermark, r.finishedMs() == null ? Long.MIN_VALUE : r.finishedMs());
        }
        return new Kept((k == null ? RunColumns.EMPTY : k.finals()).append(finals), watermark);
    }

    private static RunColumns live(List<TableRow> rows, RunColumns finals) {
        return RunColumns.EMPTY.append(rows.stream().filter(r -> !r.state().isFinished() && !finals.has(r.runId()))
                .toList());
    }

    private static long count(StudySummary sum, TrialState s) {
        return sum.counts().getOrDefault(s, 0L);
    }

    /** @return how many times a study was read again in full after an incremental read fell short */
    long fullReads() {
        return fullReads.get();
    }

    /**
     * Waits until the background reads asked for so far are done (for tests and the benchmark).
     *
     * @param timeout the longest wait
     * @return whether none is left
     * @throws InterruptedException when interrupted
     */
    boolean awaitBackground(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!building.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return building.isEmpty();
    }
}
