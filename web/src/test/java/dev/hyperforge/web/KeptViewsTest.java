package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart views a dashboard stores per study ({@link KeptViews}) give exactly what the views compute from
 * scratch: a dashboard started later answers its first history, importance and points calls from them without
 * reading the runs while the study's COMPLETE count is unchanged (PRUNED and FAILED trials added meanwhile change
 * nothing), computes them again when trials completed since (in and out of number order) or when the stored view is
 * of another count (a dashboard killed before it saved), and the views survive closing and reopening the file.
 */
class KeptViewsTest {
    @TempDir
    Path dir;

    @Test
    void storedViewsEqualTheViewsComputedFromScratchAndAreUsedOnlyAtTheirCount() throws Exception {
        for (int seed = 1; seed <= 4; seed++) {
            Direction direction = seed % 2 == 0 ? Direction.MAXIMIZE : Direction.MINIMIZE;
            String url = "jdbc:h2:file:" + dir.resolve("kept" + seed).toAbsolutePath();
            SplittableRandom rnd = new SplittableRandom(seed);
            StudyRecord study;
            try (Database db = Database.open(url); JdbcRunStore store = new JdbcRunStore(db)) {
                study = store.createOrGetStudy(new StudySpec("kept", direction, "random", "{}", seed));
                fill(store, study, 1300 + rnd.nextInt(1500), rnd);
                StudyAnalytics first = new StudyAnalytics(store);
                answers(first, study, complete(store, study)); // computed, then saved in the background
                first.awaitBackground();
                assertEquals(complete(store, study), store.studyView(study.id(), KeptViews.HISTORY).orElseThrow()
                        .completeCount());
            }
            try (Database db = Database.open(url); JdbcRunStore store = new JdbcRunStore(db)) {
                long n = complete(store, study);
                assertStored(store, study, n, "after reopening the file, seed " + seed);

                for (int i = 0; i < 5; i++) { // not COMPLETE: the stored views still hold
                    Run r = store.startRun(study.id(), StudyFixture.provenance());
                    store.finishRun(r.id(), i % 2 == 0 ? TrialState.PRUNED : TrialState.FAILED, null, "stopped");
                }
                assertStored(store, study, n, "PRUNED and FAILED added, seed " + seed);

                List<Run> open = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    open.add(store.startRun(study.id(), StudyFixture.provenance()));
                }
                for (int i = open.size() - 1; i >= 0; i--) { // finished out of number order
                    store.setParams(open.get(i).id(), List.of(ParamValue.ofFloat("lr", rnd.nextDouble(1e-4, 1e-1), "{}")));
                    store.finishRun(open.get(i).id(), TrialState.COMPLETE, rnd.nextDouble(-1, 1), null);
                }
                long later = complete(store, study);
                assertEquals(n + 6, later);
                List<String> fresh = answers(scratch(store), study, later);
                StudyAnalytics stale = new StudyAnalytics(store);
                assertEquals(fresh, answers(stale, study, later), "stale views are not used, seed " + seed);
                assertEquals(1, stale.fullReads());
                stale.awaitBackground();
                assertStored(store, study, later, "saved again at the new count, seed " + seed);

                store.saveStudyView(study.id(), KeptViews.HISTORY, later - 1, "{\"left\":\"by a killed dashboard\"}");
                assertEquals(fresh.get(0), new StudyAnalytics(store).historyBody(study, later,
                        ChartViews.DEFAULT_HISTORY_POINTS), "a view of another count is rebuilt, seed " + seed);
            }
        }
    }

    @Test
    void smallStudiesAndOtherSizesAreComputedOnTheCall() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:kept-small;DB_CLOSE_DELAY=-1");
             JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord study = store.createOrGetStudy(new StudySpec("small", Direction.MINIMIZE, "random", "{}", 1));
            fill(store, study, 200, new SplittableRandom(3));
            StudyAnalytics a = new StudyAnalytics(store);
            answers(a, study, complete(store, study));
            a.awaitBackground();
            assertEquals(java.util.Optional.empty(), store.studyView(study.id(), KeptViews.HISTORY));

            fill(store, study, 1500, new SplittableRandom(4));
            long n = complete(store, study);
            store.saveStudyView(study.id(), KeptViews.HISTORY, n, "\"planted\":true");
            assertEquals("\"planted\":true", new StudyAnalytics(store).historyBody(study, n,
                    ChartViews.DEFAULT_HISTORY_POINTS), "the default size is answered from the stored view");
            assertNotEquals("\"planted\":true", new StudyAnalytics(store).historyBody(study, n, 500),
                    "another size is computed");
        }
    }

    @Test
    void viewsComputedBeforeTheirSaveIsDueAreSavedWhenItIsOrWhenTheDashboardStops() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:kept-later;DB_CLOSE_DELAY=-1");
             JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord study = store.createOrGetStudy(new StudySpec("later", Direction.MINIMIZE, "random", "{}", 2));
            KeptViews views = new KeptViews(store, TimeUnit.MILLISECONDS.toNanos(300));
            views.save(study.id(), KeptViews.HISTORY, 5, "\"five\":5");
            assertTrue(!views.due(study.id(), KeptViews.HISTORY, 6), "a save just made: the next is not due");
            views.defer(study.id(), KeptViews.HISTORY, 6, "\"six\":6");
            views.defer(study.id(), KeptViews.HISTORY, 7, "\"seven\":7"); // the newest deferred view wins
            assertEquals(5, store.studyView(study.id(), KeptViews.HISTORY).orElseThrow().completeCount());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.studyView(study.id(), KeptViews.HISTORY).orElseThrow().completeCount() == 5
                    && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals("\"seven\":7", store.studyView(study.id(), KeptViews.HISTORY).orElseThrow().body(),
                    "saved when the time since the last save was up");

            fill(store, study, 1200, new SplittableRandom(5));
            StudyAnalytics a = new StudyAnalytics(store);
            long n = complete(store, study);
            answers(a, study, n); // computed and saved (the stored count differs)
            a.awaitBackground();
            assertEquals(n, store.studyView(study.id(), KeptViews.POINTS).orElseThrow().completeCount());
            fill(store, study, 40, new SplittableRandom(6));
            long later = complete(store, study);
            List<String> latest = answers(a, study, later); // within 30 s of the save: deferred
            a.awaitBackground();
            assertEquals(n, store.studyView(study.id(), KeptViews.POINTS).orElseThrow().completeCount());
            a.flushKeptViews(); // the dashboard stops
            assertEquals(later, store.studyView(study.id(), KeptViews.HISTORY).orElseThrow().completeCount());
            assertEquals(later, store.studyView(study.id(), KeptViews.POINTS).orElseThrow().completeCount());
            assertEquals(latest, answers(new StudyAnalytics(store), study, later),
                    "the next dashboard answers the views of the last one");
        }
    }

    @Test
    void storedImportanceAnswersWhileUnderOnePercentBehindAsARunningDashboardWould() throws Exception {
        try (Database db = Database.open("jdbc:h2:mem:kept-importance;DB_CLOSE_DELAY=-1");
             JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord study = store.createOrGetStudy(new StudySpec("imp", Direction.MINIMIZE, "random", "{}", 3));
            fill(store, study, 1300, new SplittableRandom(7));
            long n = complete(store, study);
            assertTrue(n >= 1100 && n < 1500, "about 1 200 COMPLETE trials: " + n);
            store.saveStudyView(study.id(), KeptViews.IMPORTANCE, n - 5, "[\"rows of 5 fewer\"]");
            assertEquals("[\"rows of 5 fewer\"]", new StudyAnalytics(store).importanceJson(study, n),
                    "5 of about 1 200 behind: answered, as a running dashboard answers its kept rows");
            store.saveStudyView(study.id(), KeptViews.IMPORTANCE, n - 15, "[\"rows of 15 fewer\"]");
            String computed = new StudyAnalytics(store).importanceJson(study, n);
            assertNotEquals("[\"rows of 15 fewer\"]", computed, "1 % or more behind: computed");
            assertEquals(ChartViews.json(scratch(store).importance(study, n)), computed);
            store.saveStudyView(study.id(), KeptViews.HISTORY, n - 5, "\"history of 5 fewer\"");
            assertNotEquals("\"history of 5 fewer\"", new StudyAnalytics(store).historyBody(study, n,
                    ChartViews.DEFAULT_HISTORY_POINTS), "the history is answered only at its own count");
        }
    }

    /** A fresh dashboard answers from the stored views, equal to the views from scratch, with no read of the runs. */
    private static void assertStored(JdbcRunStore store, StudyRecord study, long n, String what) throws Exception {
        List<String> expected = answers(scratch(store), study, n);
        CountDownLatch released = new CountDownLatch(1);
        StudyAnalytics fresh = new StudyAnalytics(blockingFullReads(store, released));
        List<String> got = answers(fresh, study, n);
        released.countDown();
        assertEquals(expected, got, what);
        fresh.awaitBackground();
        assertEquals(1, fresh.fullReads(), "the views are then computed in the background: " + what);
        assertEquals(expected, answers(fresh, study, n), "and equal the stored ones: " + what);
    }

    /** The history body, the importance rows and the default points, as the three chart calls answer them. */
    private static List<String> answers(StudyAnalytics a, StudyRecord study, long n) {
        return List.of(a.historyBody(study, n, ChartViews.DEFAULT_HISTORY_POINTS), a.importanceJson(study, n),
                a.pointsJson(study, n, ChartViews.DEFAULT_POINTS));
    }

    /** Views computed on the call, nothing stored or read from storage. */
    private static StudyAnalytics scratch(RunStore store) {
        return new StudyAnalytics(store, StudyAnalytics.MAX_STUDIES, StudyAnalytics.MAX_KEPT_TRIALS, false);
    }

    private static long complete(RunStore store, StudyRecord study) {
        return store.studySummary(study.id()).counts().get(TrialState.COMPLETE);
    }

    /** The store, its reads of every COMPLETE run held until {@code released} (a call that needs one fails). */
    private static RunStore blockingFullReads(RunStore store, CountDownLatch released) {
        return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("completeValues") && !released.await(20, TimeUnit.SECONDS)) {
                        throw new AssertionError("a chart call read every run instead of the stored view");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** COMPLETE trials (ties, an infinite value), PRUNED and FAILED ones, finished in shuffled order. */
    private static void fill(JdbcRunStore store, StudyRecord study, int trials, SplittableRandom rnd) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<FinishedRun> runs = new ArrayList<>();
        for (int i = 0; i < trials; i++) {
            double lr = Math.exp(rnd.nextDouble(Math.log(1e-4), Math.log(1e-1)));
            int kind = rnd.nextInt(20);
            TrialState state = kind == 0 ? TrialState.PRUNED : kind == 1 ? TrialState.FAILED : TrialState.COMPLETE;
            Double value = state != TrialState.COMPLETE ? null : kind == 2 ? Double.POSITIVE_INFINITY
                    : kind == 3 ? 0.5 : -Math.pow(Math.log10(lr) + 2.5, 2) + rnd.nextDouble(-0.3, 0.3);
            List<ParamValue> params = List.of(ParamValue.ofFloat("lr", lr, "{\"type\":\"float\",\"log\":true}"),
                    ParamValue.ofInt("units", 16L << rnd.nextInt(4), "{}"),
                    ParamValue.ofString("optimizer", rnd.nextBoolean() ? "adam" : "sgd",
                            "{\"type\":\"categorical\",\"choices\":[\"adam\",\"sgd\"]}"));
            runs.add(new FinishedRun(state, t, t.plusMillis(rnd.nextInt(1_000_000)), value, params, List.of()));
        }
        store.recordFinishedRuns(study.id(), StudyFixture.provenance(), runs);
        assertTrue(complete(store, study) > 0);
    }
}
