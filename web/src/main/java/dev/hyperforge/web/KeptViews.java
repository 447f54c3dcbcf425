package dev.hyperforge.web;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The chart views a large study keeps in the database ({@link RunStore#saveStudyView}), so that a dashboard just
 * started answers its first history, importance and points calls from one stored row each instead of reading every
 * COMPLETE run first. Each view is stored with the number of COMPLETE trials it was computed from and is used only
 * while the study has exactly that many: COMPLETE runs never change and are deleted only with their study, so an
 * equal count means the same trials, and the stored text equals what the views compute from scratch. A view whose
 * count differs (trials finished since, a dashboard killed before it saved) is ignored and replaced once the
 * views are computed again; a store that cannot save (read-only) is not asked again.
 *
 * <p>Saving is throttled: a view is saved when its count differs from the one this dashboard knows is stored, at
 * most once per {@link #SAVE_EVERY_NANOS} per study and view (a view read at its count counts as saved when read), so
 * a study that grows by a trial a second does not rewrite its views every second; a view read at another count is
 * replaced as soon as the views are computed. A view computed while its save is not due is kept aside ({@link #defer})
 * and saved when the time is up, or when the dashboard stops ({@link #flush}), so the stored views end at the last
 * views the dashboard computed, not up to 30 s behind them.
 *
 * <pre>{@code
 * KeptViews kept = new KeptViews(store);
 * Optional<String> body = kept.read(studyId, KeptViews.HISTORY, completeNow); // empty unless of completeNow trials
 * if (kept.due(studyId, KeptViews.HISTORY, count)) kept.save(studyId, KeptViews.HISTORY, count, json);
 * else kept.defer(studyId, KeptViews.HISTORY, count, json);                   // saved when due, or at flush()
 * }</pre>
 */
final class KeptViews {
    /** The history call's body after its direction and objective: total, sampled, EDF and drawn trials. */
    static final String HISTORY = "history";
    /** The default number of best points with their parameters, as JSON. */
    static final String POINTS = "points";
    /** The importance rows, as JSON. */
    static final String IMPORTANCE = "importance";
    /** The least time between two saves of one view of one study. */
    static final long SAVE_EVERY_NANOS = 30_000_000_000L;

    private record Saved(long count, long atNanos) {
    }

    /** A view computed while its save was not due, to be saved when it is. */
    private record Pending(long studyId, String name, long count, String body) {
    }

    private final RunStore store;
    private final Map<String, Saved> known = new ConcurrentHashMap<>();
    /** The views last read at their count, by study and name (a few hundred KiB each; as many as the views kept). */
    private final BoundedCache<String, StudyView> lastRead = new BoundedCache<>(3 * StudyAnalytics.MAX_STUDIES);
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService later;
    private volatile boolean writable = true;

    private final long saveEveryNanos;

    KeptViews(RunStore store) {
        this(store, SAVE_EVERY_NANOS);
    }

    /** With another least time between two saves of a view (tests). */
    KeptViews(RunStore store, long saveEveryNanos) {
        this.store = store;
        this.saveEveryNanos = saveEveryNanos;
    }

    /**
     * @return the view stored for the study if it was computed from exactly {@code completeCount} COMPLETE trials;
     *     empty when there is none, it is of another count, or it cannot be read
     */
    Optional<String> read(long studyId, String name, long completeCount) {
        return read(studyId, name, completeCount, count -> count == completeCount);
    }

    /**
     * @param usable whether a view stored with a given COMPLETE count may answer for {@code completeCount} (the
     *     importance rows of a growing study may be a little behind, as a running dashboard's are)
     * @return the view stored for the study if {@code usable} accepts its count; empty when there is none, it is of
     *     another count, or it cannot be read
     */
    Optional<String> read(long studyId, String name, long completeCount, LongPredicate usable) {
        StudyView last = lastRead.get(key(studyId, name));
        if (last != null && usable.test(last.completeCount())) {
            return Optional.of(last.body()); // the calls before the views are computed read it once
        }
        try {
            Optional<StudyView> v = store.studyView(studyId, name);
            // a view of the count asked for counts as saved now; one of another count may be replaced at once
            v.ifPresent(view -> known.putIfAbsent(key(studyId, name), new Saved(view.completeCount(),
                    System.nanoTime() - (view.completeCount() == completeCount ? 0 : saveEveryNanos))));
            Optional<StudyView> hit = v.filter(view -> usable.test(view.completeCount()));
            hit.ifPresent(view -> lastRead.put(key(studyId, name), view));
            return hit.map(StudyView::body);
        } catch (RuntimeException e) {
            return Optional.empty(); // a view is only a shortcut: the caller computes it
        }
    }

    /** @return whether a view of {@code count} trials should be saved now (see the class comment) */
    boolean due(long studyId, String name, long count) {
        Saved s = known.get(key(studyId, name));
        return writable && (s == null || s.count() != count && System.nanoTime() - s.atNanos() >= saveEveryNanos);
    }

    /** Saves a view computed from {@code count} COMPLETE trials; a failure leaves the stored one (never a half). */
    void save(long studyId, String name, long count, String body) {
        try {
            store.saveStudyView(studyId, name, count, body);
            known.put(key(studyId, name), new Saved(count, System.nanoTime()));
        } catch (RuntimeException e) {
            writable = false;
        }
    }

    /**
     * Keeps a view whose save is not due ({@link #due}) to save it when it is: the newest view deferred for a study
     * and name replaces an older one, and one save runs when the time since the last save is up.
     */
    void defer(long studyId, String name, long count, String body) {
        String key = key(studyId, name);
        Saved s = known.get(key);
        if (!writable || s != null && s.count() == count) {
            return;
        }
        if (pending.put(key, new Pending(studyId, name, count, body)) == null) {
            long wait = s == null ? 0 : Math.max(0, saveEveryNanos - (System.nanoTime() - s.atNanos()));
            scheduler().schedule(() -> savePending(key), wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Saves every deferred view now (the dashboard stops) and stops the timer. */
    void flush() {
        for (String key : pending.keySet()) {
            savePending(key);
        }
        ScheduledExecutorService s = later;
        if (s != null) {
            s.shutdownNow();
        }
    }

    private void savePending(String key) {
        Pending p = pending.remove(key);
        Saved s = known.get(key);
        if (p != null && (s == null || s.count() != p.count())) {
            save(p.studyId(), p.name(), p.count(), p.body());
        }
    }

    private ScheduledExecutorService scheduler() {
        ScheduledExecutorService s = later;
        if (s == null || s.isShutdown()) {
            synchronized (this) {
                if (later == null || later.isShutdown()) {
                    later = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "hf-kept-views");
                        t.setDaemon(true);
                        return t;
                    });
                }
                s = later;
            }
        }
        return s;
    }

    private static String key(long studyId, String name) {
        return studyId + "/" + name;
    }
}
