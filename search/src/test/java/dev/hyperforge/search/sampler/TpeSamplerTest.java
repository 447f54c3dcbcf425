package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Condition;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.space.SimplexDistribution;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {

    private static final SearchSpace FOUR = SearchSpace.builder()
            .add("a", FloatDistribution.linear(-3, 3))
            .add("b", FloatDistribution.linear(-3, 3))
            .add("c", FloatDistribution.log(1e-3, 10))
            .add("d", IntDistribution.linear(-3, 3))
            .build();

    private static double bowl(dev.hyperforge.search.Trial t) {
        return Math.pow(t.getDouble("a") - 1, 2) + Math.pow(t.getDouble("b") + 1, 2)
                + Math.pow(Math.log10(t.getDouble("c")) + 1, 2) + Math.abs(t.getInt("d") - 2);
    }

    private static Study study(SearchSpace space, Sampler sampler, long seed) {
        return Study.builder("tpe", space).sampler(sampler).seed(seed).storage(new InMemoryStudyStorage()).build();
    }

    @Test
    void gammaAndWeightsAreOptunasDefaults() {
        assertEquals(1, TpeSampler.gamma(1));
        assertEquals(1, TpeSampler.gamma(10));
        assertEquals(2, TpeSampler.gamma(11));
        assertEquals(25, TpeSampler.gamma(1000));
        double[] ones = new double[24];
        Arrays.fill(ones, 1.0);
        assertArrayEquals(ones, TpeSampler.weights(24), 0.0);
        // numpy.linspace(1/30, 1, 5) then 25 ones
        double[] w = TpeSampler.weights(30);
        assertArrayEquals(new double[] {1 / 30.0, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0},
                Arrays.copyOf(w, 5), 1e-12);
        assertEquals(1.0, w[29], 0.0);
        assertEquals(1 / 26.0, TpeSampler.weights(26)[0], 1e-15);
    }

    @Test
    void startupTrialsAreTheRandomSamplersAndTheStudyIsDeterministic() {
        Study tpe = study(FOUR, new TpeSampler(TpeSampler.Settings.defaults()), 11);
        tpe.optimize(TpeSamplerTest::bowl, 30, 1);
        Study random = study(FOUR, new RandomSampler(), 11);
        random.optimize(TpeSamplerTest::bowl, 10, 1);
        List<Map<String, Object>> a = tpe.trials().stream().map(FrozenTrial::params).toList();
        assertEquals(random.trials().stream().map(FrozenTrial::params).toList(), a.subList(0, 10));
        Study again = study(FOUR, new TpeSampler(TpeSampler.Settings.defaults()), 11);
        again.optimize(TpeSamplerTest::bowl, 30, 1);
        assertEquals(a, again.trials().stream().map(FrozenTrial::params).toList());
        for (FrozenTrial t : tpe.trials()) {
            assertEquals(t.params(), tpe.replaySuggestion(t.number()).params());
        }
    }

    @Test
    void tpeBeatsRandomOnMedianOverSeedsAndApproachesTheKnownOptimum() {
        int wins = 0;
        double[] bests = new double[9];
        for (long seed = 0; seed < 9; seed++) {
            Study tpe = study(FOUR, new TpeSampler(TpeSampler.Settings.defaults()), seed);
            tpe.optimize(TpeSamplerTest::bowl, 80, 1);
            Study random = study(FOUR, new RandomSampler(), seed);
            random.optimize(TpeSamplerTest::bowl, 80, 1);
            bests[(int) seed] = tpe.bestTrial().orElseThrow().value();
            wins += bests[(int) seed] < random.bestTrial().orElseThrow().value() ? 1 : 0;
        }
        assertTrue(wins >= 7, "tpe won " + wins + " of 9");
        Arrays.sort(bests);
        // the optimum is 0 at a = 1, b = -1, c = 0.1, d = 2
        assertTrue(bests[4] < 0.5, "median best " + bests[4] + " of " + Arrays.toString(bests));
    }

    @Test
    void mixedSpacesStayInsideTheirDomainsRespectConditionsAndLearnTheGoodCategory() {
        SearchSpace space = SearchSpace.builder()
                .add("lr", FloatDistribution.log(1e-4, 1.0))
                .add("layers", IntDistribution.linear(1, 4))
                .add("units_3", IntDistribution.stepped(8, 64, 8), Condition.atLeast("layers", 3))
                .add("act", CategoricalDistribution.of("relu", "tanh", "gelu"))
                .add("dropout", FloatDistribution.stepped(0.0, 0.5, 0.1))
                .add("w", new SimplexDistribution(3, 1.0))
                .build();
        Study s = study(space, new TpeSampler(TpeSampler.Settings.defaults()), 4);
        s.optimize(t -> {
            double v = Math.pow(Math.log10(t.getDouble("lr")) + 2, 2) + Math.abs(t.getInt("layers") - 3)
                    + ("tanh".equals(t.getString("act")) ? 0 : 1) + Math.abs(t.getWeights("w")[0] - 0.6)
                    + Math.abs(t.getDouble("dropout") - 0.2);
            if (t.isActive("units_3")) {
                v += Math.abs(t.getInt("units_3") - 32) / 32.0;
            }
            return v;
        }, 80, 1);
        int tanh = 0;
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), space.validate(t.params()));
            assertEquals((Integer) t.params().get("layers") >= 3, t.params().containsKey("units_3"), t.params()::toString);
            tanh += t.number() >= 40 && "tanh".equals(t.params().get("act")) ? 1 : 0;
        }
        assertTrue(tanh >= 25, tanh + " of the last 40 trials chose tanh");
        assertTrue(s.bestTrial().orElseThrow().value() < 1.0, "best " + s.bestTrial().orElseThrow());
    }

    @Test
    void prunedTrialsRankAfterEveryCompleteTrial() {
        SearchSpace line = SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build();
        List<FrozenTrial> finished = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            finished.add(new FrozenTrial(i, 1, i, TrialState.COMPLETE, Map.of("x", 0.9 + 0.01 * i), List.of((double) i),
                    Map.of(), null, null, null, Map.of(), Map.of(), null));
        }
        for (int i = 10; i < 20; i++) {
            // pruned at step 1 with intermediate values far better than any final one, at x near 0.1
            finished.add(new FrozenTrial(i, 1, i, TrialState.PRUNED, Map.of("x", 0.05 + 0.01 * (i - 10)), List.of(),
                    new TreeMap<>(Map.of(1, -100.0)), null, null, null, Map.of(), Map.of(), null));
        }
        TpeSampler tpe = new TpeSampler(TpeSampler.Settings.defaults());
        int high = 0;
        for (int number = 20; number < 60; number++) {
            SamplingContext c = new SamplingContext(line, Direction.MINIMIZE, 3, number, finished, List.of());
            high += (Double) tpe.suggest(c).params().get("x") > 0.5 ? 1 : 0;
        }
        assertTrue(high >= 30, high + " of 40 suggestions near the best complete trials (x > 0.5)");
    }
}
