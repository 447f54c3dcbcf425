package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.web.Importance.Slim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The empirical distribution the study page draws, from every COMPLETE value rather than the thinned history. */
class ChartViewsEdfTest {
    private static List<Slim> runs(double... values) {
        List<Slim> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new Slim(i + 1, i, values[i], Map.of()));
        }
        return out;
    }

    @Test
    void fewRunsGiveEveryStepSortedByValue() {
        List<double[]> edf = ChartViews.edf(runs(3, 1, 2, 2), 1001);
        assertEquals(4, edf.size());
        assertArrayEquals(new double[] {1, 0.25}, edf.get(0));
        assertArrayEquals(new double[] {2, 0.5}, edf.get(1));
        assertArrayEquals(new double[] {2, 0.75}, edf.get(2));
        assertArrayEquals(new double[] {3, 1.0}, edf.get(3));
    }

    @Test
    void manyRunsGiveExactStepsAtEvenlySpacedRanks() {
        double[] v = new double[10_001];
        for (int i = 0; i < v.length; i++) {
            v[i] = v.length - 1 - i;   // 10000 .. 0, unsorted on purpose
        }
        List<double[]> edf = ChartViews.edf(runs(v), 11);
        assertEquals(11, edf.size());
        for (int j = 0; j <= 10; j++) {
            assertArrayEquals(new double[] {j * 1000, (j * 1000 + 1) / 10_001.0}, edf.get(j), 1e-12);
        }
    }

    @Test
    void newValuesAreMergedIntoTheSortedOnesAsASortWouldPlaceThem() {
        double[] kept = {-1, -0.0, 0.0, 2, 2, 5};
        List<Slim> added = runs(2, Double.NaN, -0.0, 7, -3, Double.POSITIVE_INFINITY, 0.0);
        assertArrayEquals(new double[] {-3, -1, -0.0, -0.0, 0.0, 0.0, 2, 2, 2, 5, 7},
                SortedValues.of(kept).plus(ChartViews.values(added)).toArray());
        assertArrayEquals(kept, SortedValues.of(kept).plus(ChartViews.values(List.of())).toArray());
        assertArrayEquals(new double[] {1, 3}, SortedValues.of(new double[0]).plus(ChartViews.values(runs(3, 1))).toArray());
    }

    @Test
    void noRunsNoSteps() {
        assertEquals(0, ChartViews.edf(List.of(), 1001).size());
    }
}
