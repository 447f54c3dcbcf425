package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcquisitionOptimizerLocalTest {

    private static final double[] PEAK = {0.3, 0.62, 0.81};

    private static SearchSpace cube() {
        return SearchSpace.builder().add("a", FloatDistribution.linear(0, 1)).add("b", FloatDistribution.linear(0, 1))
                .add("c", FloatDistribution.linear(0, 1)).build();
    }

    /** A concave quadratic with its maximum at {@link #PEAK}; records the size of every batch it scores. */
    private static AcquisitionOptimizer.Surface quadratic(List<Integer> batches) {
        return (features, out) -> {
            batches.add(features.length);
            for (int j = 0; j < features.length; j++) {
                double s = 0;
                for (int k = 0; k < PEAK.length; k++) {
                    s -= (features[j][k] - PEAK[k]) * (features[j][k] - PEAK[k]) * (k + 1);
                }
                out[j] = s;
            }
        };
    }

    @Test
    void theLocalSearchClimbsToTheMaximumWithItsGradientScoredInBatches() {
        List<Integer> batches = new ArrayList<>();
        double[] u = new AcquisitionOptimizer(cube(), quadratic(batches))
                .maximize(List.of(), new SplittableRandom(3), 4, 1);
        for (int k = 0; k < PEAK.length; k++) {
            assertEquals(PEAK[k], u[k], 1e-4, "coordinate " + k);
        }
        // one batch of the 4 random candidates, then line-search points one at a time and forward differences
        // of the 3 coordinates 3 at a time
        assertEquals(4, batches.get(0));
        assertTrue(batches.contains(3), "gradient batches " + batches);
        assertTrue(batches.stream().allMatch(b -> b == 1 || b == 3 || b == 4), "batch sizes " + batches);
    }
}
