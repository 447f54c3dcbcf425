package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcquisitionOptimizerSparseTest {

    private static final int D = 10;

    /** Ten linear floats on [0, 1], so features equal unit coordinates. */
    private static SearchSpace box() {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int k = 0; k < D; k++) {
            b.add("x" + k, FloatDistribution.linear(0, 1));
        }
        return b.build();
    }

    private static final double[] INCUMBENT = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};

    /** Scores a point by how many of its coordinates are exactly the incumbent's. */
    private static int unchanged(double[] u) {
        int same = 0;
        for (int k = 0; k < D; k++) {
            same += u[k] == INCUMBENT[k] ? 1 : 0;
        }
        return same;
    }

    private static double[] maximize(int sparse) {
        AcquisitionOptimizer optimizer = new AcquisitionOptimizer(box(), (features, out) -> {
            for (int j = 0; j < features.length; j++) {
                out[j] = unchanged(features[j]);
            }
        });
        if (sparse > 0) {
            optimizer.sparse(sparse, 0.1, 0.2);
        }
        return optimizer.maximize(List.of(INCUMBENT), new SplittableRandom(7), 16, 0);
    }

    @Test
    void sparseCandidatesMoveOneCoordinateWhereTheOthersMoveAll() {
        // random candidates and the dense perturbations change every continuous coordinate
        assertEquals(0, unchanged(maximize(0)));
        // one in 0.9^9 = 39% of the sparse candidates moves only its forced coordinate
        assertEquals(D - 1, unchanged(maximize(50)));
    }

    @Test
    void sparseSettingsAreChecked() {
        AcquisitionOptimizer optimizer = new AcquisitionOptimizer(box(), (features, out) -> { });
        assertThrows(IllegalArgumentException.class, () -> optimizer.sparse(-1, 0.1, 0.2));
        assertThrows(IllegalArgumentException.class, () -> optimizer.sparse(10, 1.5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> optimizer.sparse(10, 0.1, 0.0));
    }
}
