package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A live study's views, extended as trials finish (a few at a time, some out of number order, PRUNED, FAILED and
 * infinite ones among them), equal the views of the same trials read from scratch, in both directions.
 */
class LiveViewsTest {
    @Test
    void viewsExtendedTrialByTrialEqualViewsRebuiltFromScratch() {
        for (Direction direction : Direction.values()) {
            check(direction, direction == Direction.MINIMIZE ? 5 : 6);
        }
    }

    @Test
    void theBestKAreAStableSortOfAllCutToK() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] values = {-0.0, 0.0, 1, 1, 2, -3};
        for (int round = 0; round < 200; round++) {
            List<dev.hyperforge.web.Importance.Slim> trials = new ArrayList<>();
            int n = rnd.nextInt(1, 300);
            for (int i = 0; i < n; i++) {
                double v = rnd.nextBoolean() ? values[rnd.nextInt(values.length)] : rnd.nextInt(-20, 20) / 4.0;
                trials.add(new dev.hyperforge.web.Importance.Slim(i, i, v, java.util.Map.of()));
            }
            for (Direction d : Direction.values()) {
                int k = rnd.nextInt(1, 320);
                List<dev.hyperforge.web.Importance.Slim> sorted = new ArrayList<>(trials);
                java.util.Comparator<dev.hyperforge.web.Importance.Slim> byValue =
                        java.util.Comparator.comparingDouble(dev.hyperforge.web.Importance.Slim::value);
                sorted.sort(d == Direction.MAXIMIZE ? byValue.reversed() : byValue);
                assertEquals(sorted.subList(0, Math.min(k, n)), ChartViews.bestOf(trials, d, k), d + " k " + k);
            }
        }
    }

    @Test
    void trialsAreOrderedByNumberWithoutTheInfiniteOnes() {
        java.util.Map<Long, dev.hyperforge.web.Importance.Slim> byId = new java.util.LinkedHashMap<>();
        SplittableRandom rnd = new SplittableRandom(2);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            numbers.add(i - 2_500);
        }
        Collections.shuffle(numbers, new Random(3));
        for (int i = 0; i < numbers.size(); i++) {
            byId.put((long) i, i % 97 == 0 ? ChartViews.NOT_FINITE
                    : new dev.hyperforge.web.Importance.Slim(i, numbers.get(i), rnd.nextDouble(), java.util.Map.of()));
        }
        List<dev.hyperforge.web.Importance.Slim> expected = new ArrayList<>(byId.values().stream()
                .filter(s -> s != ChartViews.NOT_FINITE).toList());
        expected.sort(java.util.Comparator.comparingInt(dev.hyperforge.web.Importance.Slim::number));
        assertEquals(expected, ChartViews.byNumber(byId));
    }

    private static void check(Direction direction, long seed) {
        TestFixtures.MutableClock clock = new TestFixtures.MutableClock();
        InMemoryRunStore store = new InMemoryRunStore(clock);
        StudyRecord study = store.createOrGetStudy(new StudySpec("live-" + direction, direction, "random", "{}", 1));
        SplittableRandom rnd = new SplittableRandom(seed);
        StudyAnalytics live = new StudyAnalytics(store, StudyAnalytics.MAX_STUDIES, StudyAnalytics.MAX_KEPT_TRIALS, false);
        finish(store, study, clock, rnd, ChartViews.DEFAULT_HISTORY_POINTS + 300, false);
        compare(store, study, live, "the first read");
        for (int round = 0; round < 40; round++) {
            finish(store, study, clock, rnd, rnd.nextInt(5) == 0 ? rnd.nextInt(20, 400) : rnd.nextInt(1, 4),
                    rnd.nextInt(4) == 0);
            compare(store, study, live, direction + " round " + round);
        }
        assertEquals(1, live.fullReads(), "every round was read incrementally");
    }

    /** Starts {@code count} trials and finishes them (in a shuffled order when asked): mostly COMPLETE. */
    private static void finish(InMemoryRunStore store, StudyRecord study, TestFixtures.MutableClock clock,
                               SplittableRandom rnd, int count, boolean shuffled) {
        List<Run> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Run r = store.startRun(study.id(), StudyFixture.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", rnd.nextDouble(1e-4, 0.1), "{\"type\":\"float\"}")));
            started.add(r);
        }
        if (shuffled) {
            Collections.shuffle(started, new Random(rnd.nextLong()));
        }
        for (Run r : started) {
            clock.advance(Duration.ofMillis(rnd.nextInt(1, 2000)));
            int kind = rnd.nextInt(40);
            if (kind == 0) {
                store.finishRun(r.id(), TrialState.PRUNED, null, null);
            } else if (kind == 1) {
                store.finishRun(r.id(), TrialState.FAILED, null, "boom");
            } else {
                double v = kind == 2 ? Double.POSITIVE_INFINITY : kind == 3 ? 1e9 : rnd.nextInt(3) == 0 ? rnd.nextInt(10)
                        : rnd.nextDouble(-5, 5);
                store.finishRun(r.id(), TrialState.COMPLETE, v, null);
            }
        }
    }

    private static void compare(InMemoryRunStore store, StudyRecord study, StudyAnalytics live, String when) {
        long complete = store.studySummary(study.id()).counts().get(TrialState.COMPLETE);
        StudyAnalytics rebuilt = new StudyAnalytics(store, StudyAnalytics.MAX_STUDIES, StudyAnalytics.MAX_KEPT_TRIALS, false);
        assertEquals(rebuilt.history(study, complete), live.history(study, complete), when);
        assertEquals(rebuilt.historyJson(study, complete), live.historyJson(study, complete), when);
        assertEquals(rebuilt.historyJson(study, complete, 50), live.historyJson(study, complete, 50), when);
        assertEquals(rebuilt.edfJson(study, complete), live.edfJson(study, complete), when);
        for (int limit : new int[] {1, 50, ChartViews.DEFAULT_POINTS, ChartViews.MAX_POINTS}) {
            assertEquals(rebuilt.pointsJson(study, complete, limit), live.pointsJson(study, complete, limit), when);
        }
        assertTrue(live.history(study, complete).size() > ChartViews.DEFAULT_HISTORY_POINTS, when);
    }
}
