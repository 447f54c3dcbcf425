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

    @Test
    void afterALongLatinHypercubeTheAdditiveFitStartsFromTheArdScaleAndReplaysExactly() {
        Study s = Study.builder("additive", box(8)).sampler(new GpSampler(new GpSampler.Settings(80, "logei", 512, 4, 2)))
                .seed(3).storage(new InMemoryStudyStorage()).build();
        s.optimize(t -> separable(t.params()), 83, 1);
        FrozenTrial first = s.trials().get(80);
        // the first GP trial has no recorded additive hyperparameters: coldAdditive fits them
        assertEquals("additive", first.systemAttrs().get(GpSampler.THETA + GpSampler.KERNEL));
        for (FrozenTrial t : s.trials().subList(80, 83)) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params(), "trial " + t.number());
        }
    }

    @Test
    void theColdAdditiveFitPrefersTheKernelThatMatchesTheFunction() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        double[][] x = new double[120][8];
        double[] sum = new double[120];
        double[] chain = new double[120];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 8; k++) {
                x[i][k] = rng.nextDouble();
                sum[i] += Math.pow(x[i][k] - 0.3, 2);
                chain[i] += k > 0 ? (x[i][k] - 0.5) * (x[i][k - 1] - 0.5) : 0;
            }
        }
        GpSampler.standardise(sum);
        GpSampler.standardise(chain);
        double sumAdditive = GpSampler.coldAdditive(x, sum, GpSampler.fit(x, sum, null, 120, rng, 2).theta())
                .logMarginalLikelihood();
        assertTrue(sumAdditive > GpSampler.fit(x, sum, null, 120, rng, 2).logMarginalLikelihood() + 10,
                "sum of squares: additive " + sumAdditive);
        double chainAdditive = GpSampler.coldAdditive(x, chain, GpSampler.fit(x, chain, null, 120, rng, 2).theta())
                .logMarginalLikelihood();
        assertTrue(chainAdditive < GpSampler.fit(x, chain, null, 120, rng, 2).logMarginalLikelihood() - 5,
                "chain of products: additive " + chainAdditive);
    }
}
