package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hyperforge.web.ChartViews.HistoryPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The history kept per bucket and the sorted values kept in two arrays, extended a few trials at a time, equal what is
 * computed from scratch over the same trials, at every step of seeded random sequences.
 */
class ThinnedHistoryTest {
    /** Points continuing {@code before}: values from a small set (ties) or spread, best so far either way. */
    private static List<HistoryPoint> more(List<HistoryPoint> before, int count, boolean maximize, SplittableRandom rnd) {
        List<HistoryPoint> out = new ArrayList<>();
        double best = before.isEmpty() ? Double.NaN : before.get(before.size() - 1).best();
        boolean ties = rnd.nextBoolean();
        for (int k = 0; k < count; k++) {
            int i = before.size() + k;
            double v = ties ? rnd.nextInt(5) : rnd.nextDouble() * (rnd.nextInt(50) == 0 ? 1e6 : 1) - (maximize ? 0 : i * 1e-4);
            if (Double.isNaN(best) || (maximize ? v > best : v < best)) {
                best = v;
            }
            out.add(new HistoryPoint(10_000 + i, i, v, best));
        }
        return out;
    }

    @Test
    void aHistoryExtendedAtItsTailIsThinnedAsTheWholeHistoryInBothDirections() {
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            boolean maximize = seed % 2 == 0;
            int max = new int[] {4, 16, 100, 2000}[(int) (seed % 4)];
            ThinnedHistory kept = ThinnedHistory.empty(max);
            List<HistoryPoint> all = new ArrayList<>();
            int target = max == 2000 ? 9_000 : 3_000;
            while (all.size() < target) {
                int count = rnd.nextInt(8) == 0 ? rnd.nextInt(1, 900) : rnd.nextInt(1, 6);
                List<HistoryPoint> tail = more(all, count, maximize, rnd);
                all.addAll(tail);
                ThinnedHistory next = kept.append(tail);
                assertEquals(HistorySample.of(all, max), next.sample(), "seed " + seed + ", " + all.size() + " points");
                assertEquals(all, next.points());
                kept = next;
            }
        }
    }

    @Test
    void anOlderGenerationStaysAsItWasAndCanBeExtendedApart() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<HistoryPoint> first = more(List.of(), 3_000, false, rnd);
        ThinnedHistory base = ThinnedHistory.empty(100).append(first);
        List<HistoryPoint> a = more(first, 500, false, rnd);
        List<HistoryPoint> b = more(first, 700, false, new SplittableRandom(4));
        ThinnedHistory withA = base.append(a);
        ThinnedHistory withB = base.append(b); // a branch from the older generation copies its prefix
        List<HistoryPoint> allA = new ArrayList<>(first);
        allA.addAll(a);
        List<HistoryPoint> allB = new ArrayList<>(first);
        allB.addAll(b);
        assertEquals(HistorySample.of(first, 100), base.sample());
        assertEquals(HistorySample.of(allA, 100), withA.sample());
        assertEquals(HistorySample.of(allB, 100), withB.sample());
        assertEquals(allA, withA.points());
        assertSame(withA, withA.append(List.of()));
    }

    @Test
    void sortedValuesExtendedInSmallStepsEqualASortAtEveryRank() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] special = {-0.0, 0.0, -3, 7, 1e300, -1e300, 2, 2};
        List<Double> all = new ArrayList<>();
        SortedValues kept = SortedValues.of(new double[0]);
        for (int step = 0; step < 400; step++) {
            double[] more = new double[rnd.nextInt(10) == 0 ? rnd.nextInt(1, 500) : rnd.nextInt(0, 4)];
            for (int i = 0; i < more.length; i++) {
                more[i] = rnd.nextInt(4) == 0 ? special[rnd.nextInt(special.length)] : Math.round(rnd.nextDouble(-50, 50));
                all.add(more[i]);
            }
            kept = kept.plus(more);
            double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            assertEquals(sorted.length, kept.size());
            double[] atRanks = new double[sorted.length];
            for (int r = 0; r < sorted.length; r++) {
                atRanks[r] = kept.get(r);
            }
            assertArrayEquals(sorted, atRanks, "step " + step);
            assertArrayEquals(sorted, kept.toArray());
        }
        assertEquals(ChartViews.json(ChartViews.edf(kept.toArray(), ChartViews.EDF_POINTS)),
                ChartViews.json(ChartViews.edf(kept, ChartViews.EDF_POINTS)));
    }
}
