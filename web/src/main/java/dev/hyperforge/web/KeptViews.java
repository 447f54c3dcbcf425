package dev.hyperforge.web;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * replaced as soon as the views are computed.
 *
 * <pre>{@code
 * KeptViews kept = new KeptViews(store);
 * Optional<String> body = kept.read(studyId, KeptViews.HISTORY, completeNow); // empty unless of completeNow trials
 * if (kept.due(studyId, KeptViews.HISTORY, count)) kept.save(studyId, KeptViews.HISTORY, count, json);
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

    private final RunStore store;
    private final Map<String, Saved> known = new ConcurrentHashMap<>();
    /** The views last read at their count, by study and name (a few hundred KiB each; as many as the views kept). */
    private final BoundedCache<String, StudyView> lastRead = new BoundedCache<>(3 * StudyAnalytics.MAX_STUDIES);
    private volatile boolean writable = true;

    KeptViews(RunStore store) {
        this.store = store;
    }

    /**
     * @return the view stored for the study if it was computed from exactly {@code completeCount} COMPLETE trials;
     *     empty when there is none, it is of another count, or it cannot be read
     */
    Optional<String> read(long studyId, String name, long completeCount) {
        StudyView last = lastRead.get(key(studyId, name));
        if (last != null && last.completeCount() == completeCount) {
            return Optional.of(last.body()); // the calls before the views are computed read it once
        }
        try {
            Optional<StudyView> v = store.studyView(studyId, name);
            // a view of the count asked for counts as saved now; one of another count may be replaced at once
            v.ifPresent(view -> known.putIfAbsent(key(studyId, name), new Saved(view.completeCount(),
                    System.nanoTime() - (view.completeCount() == completeCount ? 0 : SAVE_EVERY_NANOS))));
            Optional<StudyView> hit = v.filter(view -> view.completeCount() == completeCount);
            hit.ifPresent(view -> lastRead.put(key(studyId, name), view));
            return hit.map(StudyView::body);
        } catch (RuntimeException e) {
            return Optional.empty(); // a view is only a shortcut: the caller computes it
        }
    }

    /** @return whether a view of {@code count} trials should be saved now (see the class comment) */
    boolean due(long studyId, String name, long count) {
        Saved s = known.get(key(studyId, name));
        return writable && (s == null || s.count() != count && System.nanoTime() - s.atNanos() >= SAVE_EVERY_NANOS);
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

    private static String key(long studyId, String name) {
        return studyId + "/" + name;
    }
}
