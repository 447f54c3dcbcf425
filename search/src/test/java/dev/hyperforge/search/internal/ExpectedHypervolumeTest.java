package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.search.pareto.Hypervolume;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpectedHypervolumeTest {

    @Test
    void threeObjectiveSlabsGiveTheExactImprovement() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] ref = {1.1, 1.1, 1.1};
        for (int round = 0; round < 40; round++) {
            double[][] front = new double[10][3];
            for (double[] p : front) {
                for (int k = 0; k < 3; k++) {
                    p[k] = rng.nextDouble();
                }
            }
            ExpectedHypervolume ehvi = new ExpectedHypervolume(new GaussianProcess[0], new double[3],
                    new double[] {1, 1, 1}, front, ref, new double[][] {{0, 0, 0}}, null);
            double[] y = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble() * 1.2};
            assertEquals(Hypervolume.improvement(y, front, ref), ehvi.improvement3d(y), 1e-12);
        }
    }
}
