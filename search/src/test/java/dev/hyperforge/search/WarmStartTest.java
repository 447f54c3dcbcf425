package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.sampler.GeneticSampler;
import dev.hyperforge.search.sampler.GpSampler;
import dev.hyperforge.search.sampler.GridSampler;
import dev.hyperforge.search.sampler.RandomSampler;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.search.sampler.TpeSampler;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    private static final SearchSpace PLANE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(-5, 5))
            .add("y", FloatDistribution.linear(-5, 5))
            .build();

    private static double quadratic(Map<String, Object> p) {
        return Math.pow((Double) p.get("x") - 1.3, 2) + 3 * Math.pow((Double) p.get("y") + 2.1, 2);
    }

    private static GpSampler gp() {
        return new GpSampler(new GpSampler.Settings(6, "logei", 128, 2, 1));
    }

    private static List<FrozenTrial> earlier() {
        Study s = Study.builder("earlier", PLANE).sampler(gp()).seed(1).build();
        s.optimize(t -> quadratic(t.params()), 20, 1);
        return s.trials();
    }

    private static Study study(InMemoryStudyStorage storage, Sampler sampler, List<FrozenTrial> warm) {
        Study.Builder b = Study.builder("next", PLANE).sampler(sampler).seed(7).storage(storage);
        return (warm == null ? b : b.warmStart(warm)).build();
    }

    @Test
    void gpsFirstSuggestionModelsTheEarlierTrialsAndLandsNearTheirOptimum() {
        List<FrozenTrial> earlier = earlier();
        double earlierBest = earlier.stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
        Study cold = study(new InMemoryStudyStorage(), gp(), null);
        Study warm = study(new InMemoryStudyStorage(), gp(), earlier);
        Trial c = cold.ask();
        Trial w = warm.ask();
        assertEquals(0, w.number(), "prior observations take no trial numbers");
        assertNotEquals(c.params(), w.params());
        assertFalse(cold.trials().get(0).systemAttrs().containsKey(GpSampler.THETA), "cold: Latin hypercube");
        assertTrue(warm.trials().get(0).systemAttrs().containsKey(GpSampler.THETA), "warm: a GP suggestion");
        double distance = Math.hypot(w.getDouble("x") - 1.3, w.getDouble("y") + 2.1);
        assertTrue(distance < 0.5, "first warm suggestion " + w.params() + " is " + distance + " from the optimum");
        assertTrue(quadratic(w.params()) < 10 * earlierBest + 0.05, quadratic(w.params()) + " vs " + earlierBest);
        assertTrue(quadratic(w.params()) < quadratic(c.params()));
    }

    @Test
    void tpeAndGeneticUseThePriorsFromTheirFirstTrial() {
        List<FrozenTrial> earlier = earlier();
        Trial random = study(new InMemoryStudyStorage(), new RandomSampler(), null).ask();
        Trial coldTpe = study(new InMemoryStudyStorage(), new TpeSampler(TpeSampler.Settings.defaults()), null).ask();
        Trial warmTpe = study(new InMemoryStudyStorage(), new TpeSampler(TpeSampler.Settings.defaults()), earlier).ask();
        assertEquals(random.params(), coldTpe.params(), "a cold TPE starts at random");
        assertNotEquals(random.params(), warmTpe.params());
        Study coldGenetic = study(new InMemoryStudyStorage(), new GeneticSampler(GeneticSampler.Settings.defaults()), null);
        coldGenetic.ask();
        assertFalse(coldGenetic.trials().get(0).systemAttrs().containsKey("genetic.generation"), "cold: initial design");
        Study genetic = study(new InMemoryStudyStorage(), new GeneticSampler(GeneticSampler.Settings.defaults()), earlier);
        genetic.ask();
        assertEquals(2, genetic.trials().get(0).systemAttrs().get("genetic.generation"),
                "the 20 earlier trials are the first two generations; the first trial is bred from them");
    }

    @Test
    void onlyCompleteTrialsThatFitTheSpaceAreKept() {
        SearchSpace narrow = SearchSpace.builder().add("x", FloatDistribution.linear(0, 5))
                .add("y", FloatDistribution.linear(-5, 5)).build();
        List<FrozenTrial> earlier = earlier();
        long fitting = earlier.stream().filter(t -> (Double) t.params().get("x") >= 0).count();
        Study s = Study.builder("narrow", narrow).warmStart(earlier).build();
        assertEquals(fitting, s.warmStartTrials().size());
        assertTrue(fitting > 0 && fitting < earlier.size(), "fitting " + fitting);
        assertTrue(s.trials().isEmpty(), "priors are not trials of the study");
        SearchSpace other = SearchSpace.builder().add("z", FloatDistribution.linear(-5, 5)).build();
        assertEquals(0, Study.builder("other", other).warmStart(earlier).build().warmStartTrials().size());
    }

    @Test
    void replaysAreIdenticalAlsoFromAResumedStudy() {
        List<FrozenTrial> earlier = earlier();
        InMemoryStudyStorage storage = new InMemoryStudyStorage();
        Study warm = study(storage, gp(), earlier);
        warm.optimize(t -> quadratic(t.params()), 6, 2);
        Study resumed = Study.builder("next", PLANE).sampler(gp()).storage(storage).build();
        assertEquals(warm.warmStartTrials(), resumed.warmStartTrials());
        assertEquals(20, resumed.warmStartTrials().size());
        for (FrozenTrial t : resumed.trials()) {
            assertEquals(t.params(), resumed.replaySuggestion(t.number()).params(), "trial " + t.number());
        }
        Study again = Study.builder("next", PLANE).sampler(gp()).storage(storage).warmStart(earlier).build();
        assertEquals(20, again.warmStartTrials().size(), "the same warm start resumes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder("next", PLANE)
                .sampler(gp()).storage(storage).warmStart(earlier.subList(0, 5)).build());
        assertTrue(e.getMessage().contains("exists with 20 warm-start trials, not the 5 given"), e.getMessage());
    }

    @Test
    void theGridSkipsCombinationsTheEarlierStudyTried() {
        SearchSpace grid = SearchSpace.builder().add("x", FloatDistribution.stepped(0, 1, 0.5)).build();
        Study first = Study.builder("a", grid).sampler(new GridSampler()).build();
        first.optimize(t -> t.getDouble("x"), 2, 1);
        Study second = Study.builder("b", grid).sampler(new GridSampler()).warmStart(first.trials()).build();
        assertEquals(1.0, second.ask().getDouble("x"));
    }
}
