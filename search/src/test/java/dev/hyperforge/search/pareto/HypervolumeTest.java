package dev.hyperforge.search.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    @Test
    void twoDimensionsByHand() {
        // staircase {1,3},{2,2},{3,1} under (4,4): 3*1 + 2*1 + 1*1 = 6; a dominated point and one outside add nothing
        double[][] pts = {{1, 3}, {2, 2}, {3, 1}, {3, 3}, {5, 0}};
        assertEquals(6.0, Hypervolume.of(pts, new double[] {4, 4}), 1e-12);
        assertEquals(0.0, Hypervolume.of(new double[][] {{4, 1}}, new double[] {4, 4}), 0.0);
        assertEquals(9.0, Hypervolume.of(new double[][] {{1, 1}}, new double[] {4, 4}), 1e-12);
    }

    @Test
    void threeDimensionsByHand() {
        assertEquals(1.0, Hypervolume.of(new double[][] {{1, 1, 1}}, new double[] {2, 2, 2}), 1e-12);
        // boxes [1,3]x[2,3]x[1,3] (4) and [2,3]x[1,3]x[1,3] (4) overlap in [2,3]x[2,3]x[1,3] (2): 6
        assertEquals(6.0, Hypervolume.of(new double[][] {{1, 2, 1}, {2, 1, 1}}, new double[] {3, 3, 3}), 1e-12);
        // the three unit corners of a cube of side 2 with the origin-adjacent points (1,0,0),(0,1,0),(0,0,1):
        // each dominates a 1x2x2 slab; union = 8 - 1 (the corner cube [1,2]^3 nobody reaches) = 7
        double[][] corners = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        assertEquals(7.0, Hypervolume.of(corners, new double[] {2, 2, 2}), 1e-12);
    }

    @Test
    void fourDimensionsAgreeWithInclusionExclusion() {
        double[][] pts = {{1, 2, 1, 2}, {2, 1, 2, 1}};
        // each box 2*1*2*1 = 4 under (3,3,3,3); intersection [2,3]^4 = 1: 7
        assertEquals(7.0, Hypervolume.of(pts, new double[] {3, 3, 3, 3}), 1e-12);
    }

    @Test
    void improvementIsTheGrowthOfTheHypervolume() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int m = 2; m <= 3; m++) {
            double[] ref = new double[m];
            Arrays.fill(ref, 1.1);
            for (int round = 0; round < 50; round++) {
                double[][] pts = new double[8][m];
                for (double[] p : pts) {
                    for (int k = 0; k < m; k++) {
                        p[k] = rng.nextDouble();
                    }
                }
                double[] y = new double[m];
                for (int k = 0; k < m; k++) {
                    y[k] = rng.nextDouble();
                }
                double[][] with = Arrays.copyOf(pts, pts.length + 1);
                with[pts.length] = y;
                double expected = Hypervolume.of(with, ref) - Hypervolume.of(pts, ref);
                assertEquals(expected, Hypervolume.improvement(y, pts, ref), 1e-12);
                if (m == 2) {
                    double[][] sorted = pts.clone();
                    Arrays.sort(sorted, java.util.Comparator.comparingDouble(p -> p[0]));
                    assertEquals(expected, Hypervolume.improvement2d(y[0], y[1], sorted, ref), 1e-12);
                }
            }
        }
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Hypervolume.of(new double[][] {{1, 2, 3}}, new double[] {4, 4}));
    }
}
