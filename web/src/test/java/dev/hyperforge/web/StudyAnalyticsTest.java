package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart views of a live study: new trials are read incrementally, a lagging worker clock forces a full read. */
class StudyAnalyticsTest {
    private final TestFixtures.MutableClock clock = new TestFixtures.MutableClock();
    private final InMemoryRunStore store = new InMemoryRunStore(clock);
    private final StudyRecord study = store.createOrGetStudy(new StudySpec("live", Direction.MINIMIZE, "random", "{}", 1));

    private Run trial(double value, double lr) {
        Run r = store.startRun(study.id(), StudyFixture.provenance());
        store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", lr, "{\"type\":\"float\"}"),
                ParamValue.ofString("opt", lr < 0.05 ? "adam" : "sgd", "{\"type\":\"categorical\"}")));
        clock.advance(Duration.ofSeconds(30));
        return store.finishRun(r.id(), TrialState.COMPLETE, value, null);
    }

    private long complete() {
        return store.studySummary(study.id()).counts().get(TrialState.COMPLETE);
    }

    @Test
    void newTrialsAreMergedWithoutReadingTheStudyAgainAndViewsEqualAFreshRead() {
        StudyAnalytics analytics = new StudyAnalytics(store);
        for (int i = 0; i < 5; i++) {
            trial(1.0 - i * 0.1, 0.01 * (i + 1));
        }
        List<ChartViews.HistoryPoint> first = analytics.history(study, complete());
        assertEquals(5, first.size());
        assertSame(first, analytics.history(study, complete()), "unchanged count: the kept view");
        analytics.historyJson(study, complete());
        analytics.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS);
        store.startRun(study.id(), StudyFixture.provenance());
        assertSame(first, analytics.history(study, complete()), "a RUNNING trial changes nothing");
        trial(0.9, 0.2);
        trial(0.05, 0.03);
        List<ChartViews.HistoryPoint> later = analytics.history(study, complete());
        assertEquals(7, later.size());
        assertEquals(0.05, later.get(6).best());
        assertEquals(0.6, later.get(5).best());
        assertEquals(1, analytics.fullReads(), "the two new trials were read incrementally");
        StudyAnalytics fresh = new StudyAnalytics(store);
        assertEquals(fresh.history(study, complete()), later);
        assertEquals(fresh.importance(study, complete()), analytics.importance(study, complete()));
        assertEquals(fresh.points(study, complete(), 3), analytics.points(study, complete(), 3));
        assertEquals(fresh.historyJson(study, complete()), analytics.historyJson(study, complete()));
        assertEquals(fresh.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS),
                analytics.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS));
        assertEquals(0.05, analytics.points(study, complete(), 3).get(0).value());
        assertEquals(List.of(0.05, 0.6), analytics.points(study, complete(), 2).stream().map(Importance.Slim::value).toList());
    }

    @Test
    void aTrialFinishedByAWorkerWhoseClockLagsIsFoundByAFullRead() {
        StudyAnalytics analytics = new StudyAnalytics(store);
        trial(0.5, 0.01);
        trial(0.4, 0.02);
        assertEquals(2, analytics.history(study, complete()).size());
        clock.advance(Duration.ofHours(-1));
        trial(0.3, 0.03);
        assertEquals(3, analytics.history(study, complete()).size());
        assertEquals(2, analytics.fullReads());
        assertEquals(0.3, analytics.points(study, complete(), 1).get(0).value());
    }

    @Test
    void aTrialFinishingAfterALaterNumberedOneRebuildsTheViewsInNumberOrder() {
        StudyAnalytics analytics = new StudyAnalytics(store);
        trial(0.5, 0.01);
        Run slow = store.startRun(study.id(), StudyFixture.provenance());
        store.setParams(slow.id(), List.of(ParamValue.ofFloat("lr", 0.07, "{\"type\":\"float\"}")));
        trial(0.4, 0.02);
        analytics.historyJson(study, complete());
        store.finishRun(slow.id(), TrialState.COMPLETE, 0.1, null);
        List<ChartViews.HistoryPoint> h = analytics.history(study, complete());
        assertEquals(List.of(0, 1, 2), h.stream().map(ChartViews.HistoryPoint::number).toList());
        assertEquals(List.of(0.5, 0.1, 0.1), h.stream().map(ChartViews.HistoryPoint::best).toList());
        assertEquals(new StudyAnalytics(store).historyJson(study, complete()), analytics.historyJson(study, complete()));
        assertEquals(1, analytics.fullReads());
    }

    @Test
    void theDefaultPointsAreKeptWhenANewTrialDoesNotEnterThemAndRedrawnWhenOneDoes() {
        StudyAnalytics analytics = new StudyAnalytics(store);
        for (int i = 0; i < ChartViews.DEFAULT_POINTS + 5; i++) {
            trial(0.2 + i * 1e-4, 0.001 * (1 + i % 90));
        }
        String kept = analytics.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS);
        trial(5.0, 0.01);
        assertSame(kept, analytics.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS), "a worse trial");
        trial(0.01, 0.02);
        String redrawn = analytics.pointsJson(study, complete(), ChartViews.DEFAULT_POINTS);
        assertEquals(new StudyAnalytics(store).pointsJson(study, complete(), ChartViews.DEFAULT_POINTS), redrawn);
        assertEquals(0.01, analytics.points(study, complete(), 1).get(0).value());
        assertEquals(1, analytics.fullReads());
    }

    @Test
    void importanceOfALargeGrowingStudyIsRecomputedOnlyAfterOnePercentOrTenSeconds() {
        long second = 1_000_000_000L;
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(99, 100, 0), "small studies: every trial");
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(999, 1000, 0));
        org.junit.jupiter.api.Assertions.assertFalse(StudyAnalytics.importanceIsStale(100_000, 100_999, 9 * second));
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(100_000, 101_000, 0), "1 % more runs");
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(100_000, 100_001, 10 * second), "10 s old");
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(100_000, 100_000, 0), "same count, other views");
        org.junit.jupiter.api.Assertions.assertTrue(StudyAnalytics.importanceIsStale(100_000, 99_000, 0), "runs deleted");
    }
}
