package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final SearchSpace PLANE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(-5, 5))
            .add("y", FloatDistribution.linear(-5, 5))
            .build();

    private static double quadratic(Map<String, Object> p) {
        double x = (Double) p.get("x");
        double y = (Double) p.get("y");
        return Math.pow(x - 1.3, 2) + 3 * Math.pow(y + 2.1, 2);
    }

    private static Study study(String name, SearchSpace space, Sampler sampler, long seed) {
        return Study.builder(name, space).sampler(sampler).seed(seed).storage(new InMemoryStudyStorage()).build();
    }

    private static double best(Study s) {
        return s.bestTrial().orElseThrow().value();
    }

    @Test
    void gpReachesTheOptimumOfA2dQuadraticIn20Trials() {
        for (long seed = 0; seed < 3; seed++) {
            Study s = study("gp", PLANE, new GpSampler(GpSampler.Settings.defaults()), seed);
            s.optimize(t -> quadratic(t.params()), 20, 1);
            assertTrue(best(s) < 0.01, "seed " + seed + " best " + best(s));
            assertTrue(s.trials().get(19).systemAttrs().containsKey(GpSampler.THETA));
        }
    }

    @Test
    void gpHandlesLogIntCategoricalConditionalAndSimplexParameters() {
        SearchSpace space = SearchSpace.builder()
                .add("lr", FloatDistribution.log(1e-4, 1.0))
                .add("layers", IntDistribution.linear(1, 4))
                .add("units_3", IntDistribution.stepped(8, 64, 8), Condition.atLeast("layers", 3))
                .add("act", CategoricalDistribution.of("relu", "tanh", "gelu"))
                .add("w", new SimplexDistribution(3, 1.0))
                .build();
        Study s = study("mixed", space, new GpSampler(new GpSampler.Settings(6, "logei", 256, 3, 1)), 7);
        s.optimize(t -> {
            double v = Math.pow(Math.log10(t.getDouble("lr")) + 2, 2) + Math.abs(t.getInt("layers") - 3)
                    + ("tanh".equals(t.getString("act")) ? 0 : 1) + Math.abs(t.getWeights("w")[0] - 0.6);
            if (t.isActive("units_3")) {
                v += Math.abs(t.getInt("units_3") - 32) / 32.0;
            }
            return v;
        }, 30, 1);
        FrozenTrial best = s.bestTrial().orElseThrow();
        assertEquals("tanh", best.params().get("act"));
        assertTrue(best.value() < 1.0, "best " + best);
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), space.validate(t.params()));
        }
    }

    @Test
    void gpSuggestionsReplayExactlyWithParallelWorkers() {
        Study s = study("replay", PLANE, new GpSampler(new GpSampler.Settings(4, "logei", 128, 2, 1)), 9);
        s.optimize(t -> quadratic(t.params()), 14, 3);
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params(), "trial " + t.number());
        }
    }

    @Test
    void acquisitionVariantsAllMakeProgress() {
        for (String acq : List.of("ucb", "pi")) {
            Study s = study(acq, PLANE, new GpSampler(new GpSampler.Settings(6, acq, 256, 3, 1)), 1);
            s.optimize(t -> quadratic(t.params()), 20, 1);
            assertTrue(best(s) < 0.5, acq + " best " + best(s));
        }
    }

    @Test
    void geneticBeatsRandomOnMedianOverSeeds() {
        SearchSpace space = SearchSpace.builder()
                .add("a", FloatDistribution.linear(-3, 3))
                .add("b", FloatDistribution.linear(-3, 3))
                .add("c", FloatDistribution.linear(-3, 3))
                .add("d", IntDistribution.linear(-3, 3))
                .build();
        int wins = 0;
        for (long seed = 0; seed < 9; seed++) {
            double[] bests = new double[2];
            int k = 0;
            for (Sampler sampler : List.of(new GeneticSampler(GeneticSampler.Settings.defaults()),
                    new RandomSampler())) {
                Study s = study("g" + k, space, sampler, seed);
                s.optimize(t -> Math.pow(t.getDouble("a") - 1, 2) + Math.pow(t.getDouble("b") + 1, 2)
                        + Math.pow(t.getDouble("c"), 2) + Math.abs(t.getInt("d") - 2), 60, 2);
                bests[k++] = best(s);
            }
            wins += bests[0] < bests[1] ? 1 : 0;
        }
        assertTrue(wins >= 7, "genetic won " + wins + " of 9");
    }

    @Test
    void geneticGenerationsRunInParallelAndStayInsideTheSpace() {
        Study s = study("gen", PLANE, new GeneticSampler(new GeneticSampler.Settings(6, 2, 0.9, 0.5, 0.2, 0.8)), 2);
        s.optimize(t -> quadratic(t.params()), 30, 3);
        assertEquals(30, s.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        assertTrue(s.trials().get(29).systemAttrs().containsKey("genetic.generation"));
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params());
        }
    }

    @Test
    void samplersAreRebuiltFromTheirStoredSettings() {
        for (Sampler sampler : List.of(new RandomSampler(), new LatinHypercubeSampler(7),
                new GpSampler(new GpSampler.Settings(5, "ucb", 100, 2, 0)),
                new GeneticSampler(GeneticSampler.Settings.defaults()),
                new TpeSampler(new TpeSampler.Settings(5, 12, 0.5, true)))) {
            Sampler copy = Samplers.create(sampler.name(), sampler.settingsJson());
            assertEquals(sampler.name(), copy.name());
            assertEquals(sampler.settingsJson(), copy.settingsJson());
        }
        assertEquals("gp", Samplers.create("bayes", "{}").name());
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("nope", "{}"));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("gp", "{\"startupTrials\":-1,"
                + "\"acquisition\":\"logei\",\"candidates\":1,\"localStarts\":1,\"fitRestarts\":0}"));
    }
}
