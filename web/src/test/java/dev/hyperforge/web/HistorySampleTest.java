package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.web.ChartViews.HistoryPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A thinned history keeps its promise: the first, last, lowest and highest points and every improvement. */
class HistorySampleTest {
    /** A minimising study's history over {@code n} trials with seeded values and a few far outliers. */
    private static List<HistoryPoint> history(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<HistoryPoint> out = new ArrayList<>(n);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = i % 997 == 13 ? 1e6 : rnd.nextDouble();
            best = Math.min(best, v);
            out.add(new HistoryPoint(1000 + i, i, v, best));
        }
        return out;
    }

    @Test
    void aShortHistoryIsReturnedWhole() {
        List<HistoryPoint> h = history(2000, 1);
        assertSame(h, HistorySample.of(h, 2000));
    }

    @Test
    void aLongHistoryKeepsAtMostMaxPointsInOrderWithItsExtremesAndEveryImprovement() {
        List<HistoryPoint> h = history(100_000, 7);
        List<HistoryPoint> s = HistorySample.of(h, 2000);
        assertTrue(s.size() <= 2000 && s.size() > 1000, "size " + s.size());
        assertTrue(h.containsAll(s.subList(0, 5)), "points of the history");
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.get(i).number() > s.get(i - 1).number(), "in trial order, each once");
        }
        assertSame(h.get(0), s.get(0));
        assertSame(h.get(h.size() - 1), s.get(s.size() - 1));
        assertTrue(s.contains(h.stream().min(Comparator.comparingDouble(HistoryPoint::value)).orElseThrow()));
        assertEquals(h.stream().filter(p -> p.value() == 1e6).count(), s.stream().filter(p -> p.value() == 1e6).count(),
                "every outlier bucket keeps its highest point");
        for (int i = 1; i < h.size(); i++) {
            if (h.get(i).best() != h.get(i - 1).best()) {
                assertTrue(s.contains(h.get(i)), "the improvement at trial " + i);
            }
        }
    }

    @Test
    void whenImprovementsAreTooManyTheBucketsStillBoundTheSize() {
        List<HistoryPoint> h = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            h.add(new HistoryPoint(i, i, -i, -i)); // every trial improves
        }
        List<HistoryPoint> s = HistorySample.of(h, 100);
        assertTrue(s.size() <= 100, "size " + s.size());
        assertSame(h.get(9_999), s.get(s.size() - 1));
        assertThrows(IllegalArgumentException.class, () -> HistorySample.of(h, 3));
    }
}
