package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpAdditiveTest {

    private static SearchSpace box(int d) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 0; i < d; i++) {
            b.add("x" + i, FloatDistribution.linear(0, 1));
        }
        return b.build();
    }

    /** A separable function with its minimum 0 at x_i = 0.2 + 0.07 i. */
    private static double separable(Map<String, Object> p) {
        double v = 0;
        for (int i = 0; i < p.size(); i++) {
            v += Math.pow((Double) p.get("x" + i) - 0.2 - 0.07 * i, 2);
        }
        return v;
    }

    private static Study study(int d, long seed) {
        return Study.builder("additive", box(d)).sampler(new GpSampler(GpSampler.Settings.defaults())).seed(seed)
                .storage(new InMemoryStudyStorage()).build();
    }

    @Test
    void inEightDimensionsTheAdditiveKernelIsChosenOnASeparableFunctionAndFindsItsMinimum() {
        Study s = study(8, 3);
        s.optimize(t -> separable(t.params()), 40, 1);
        FrozenTrial last = s.trials().get(39);
        assertEquals("additive", last.systemAttrs().get(GpSampler.THETA + GpSampler.KERNEL));
        assertEquals(10, ((List<?>) last.systemAttrs().get(GpSampler.THETA + GpSampler.ADDITIVE)).size());
        // the best of the 12 Latin-hypercube trials is 0.54 here; the search ends near 1e-4
        assertTrue(s.bestTrial().orElseThrow().value() < 0.01, "best " + s.bestTrial().orElseThrow());
    }

    @Test
    void belowEightDimensionsOnlyTheArdKernelIsFitted() {
        Study s = study(7, 3);
        s.optimize(t -> separable(t.params()), 16, 1);
        for (FrozenTrial t : s.trials()) {
            assertFalse(t.systemAttrs().containsKey(GpSampler.THETA + GpSampler.ADDITIVE), "trial " + t.number());
        }
        assertTrue(s.trials().get(15).systemAttrs().containsKey(GpSampler.THETA));
    }

    @Test
    void suggestionsWithTheAdditiveKernelReplayExactlyWithParallelWorkers() {
        Study s = study(8, 5);
        s.optimize(t -> separable(t.params()), 24, 3);
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params(), "trial " + t.number());
        }
    }
}
