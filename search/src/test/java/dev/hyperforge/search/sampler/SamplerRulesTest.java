package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudyStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Rules of the samplers that the optimisation tests do not pin down: the GP's treatment of pending trials
 * (Kriging believer), the genetic sampler's elitism, and resuming a GP or genetic study mid-way.
 */
class SamplerRulesTest {

    private static final SearchSpace LINE = SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build();
    private static final SearchSpace PLANE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(-5, 5))
            .add("y", FloatDistribution.linear(-5, 5))
            .build();

    private static FrozenTrial trial(int number, TrialState state, double x, Double value) {
        return new FrozenTrial(number + 1000, 1, number, state, Map.of("x", x), FrozenTrial.valuesOf(value), Map.of(), null, null, null,
                Map.of(), Map.of(), null);
    }

    private static SamplingContext context(SearchSpace space, int number, List<FrozenTrial> finished,
                                           List<FrozenTrial> pending) {
        return new SamplingContext(space, Direction.MINIMIZE, 7, number, finished, pending);
    }

    @Test
    void gpMovesAwayFromAPendingTrialAtItsOwnSuggestion() {
        // (x - 0.3)^2 observed at three points: the most promising region, between 0.1 and 0.5, is still uncertain
        List<FrozenTrial> finished = new ArrayList<>();
        double[] xs = {0.1, 0.5, 0.9};
        for (int i = 0; i < xs.length; i++) {
            finished.add(trial(i, TrialState.COMPLETE, xs[i], Math.pow(xs[i] - 0.3, 2)));
        }
        GpSampler gp = new GpSampler(new GpSampler.Settings(3, "logei", 256, 3, 1));
        double alone = (Double) gp.suggest(context(LINE, 3, finished, List.of())).params().get("x");
        assertEquals(alone, (Double) gp.suggest(context(LINE, 3, finished, List.of())).params().get("x"),
                "a sampler is a pure function of its context");
        assertTrue(alone > 0.1 && alone < 0.5, "suggested " + alone);
        // the same context plus a running trial at that very point: the believer adds its posterior mean as an
        // observation, the posterior variance there collapses, and the suggestion goes elsewhere
        List<FrozenTrial> pending = List.of(trial(3, TrialState.RUNNING, alone, null));
        double second = (Double) gp.suggest(context(LINE, 4, finished, pending)).params().get("x");
        double secondAlone = (Double) gp.suggest(context(LINE, 4, finished, List.of())).params().get("x");
        assertTrue(Math.abs(secondAlone - alone) < 0.02, "without the pending trial the next suggestion is the same point: "
                + alone + " / " + secondAlone);
        assertTrue(Math.abs(second - alone) > 0.05, "alone " + alone + ", with a pending trial there " + second);
    }

    @Test
    void geneticParentsComeFromTheBestPopulationSizeTrialsOnly() {
        // population 5: the five best trials sit in [0, 0.1]; twenty worse trials in [0.8, 1]
        GeneticSampler ga = new GeneticSampler(new GeneticSampler.Settings(5, 2, 0.8, 0.5, 0.05, 1.0));
        List<FrozenTrial> finished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            finished.add(trial(i, TrialState.COMPLETE, 0.02 * i, 0.1 * i));
        }
        for (int i = 5; i < 25; i++) {
            finished.add(trial(i, TrialState.COMPLETE, 0.8 + 0.01 * (i - 5), 10.0 + i));
        }
        for (int number = 25; number < 65; number++) {
            double child = (Double) ga.suggest(context(LINE, number, finished, List.of())).params().get("x");
            // children of elite parents: inside the elite's range widened by crossover and a few mutation widths
            assertTrue(child < 0.4, "trial " + number + " suggested " + child + ", far from every elite parent");
        }
        // a trial that enters the top five changes the population: children now appear near it
        finished.add(trial(65, TrialState.COMPLETE, 0.9, -100.0));
        int near = 0;
        for (int number = 66; number < 106; number++) {
            double child = (Double) ga.suggest(context(LINE, number, finished, List.of())).params().get("x");
            near += child > 0.6 ? 1 : 0;
        }
        assertTrue(near >= 5, near + " of 40 children near the new elite member");
    }

    @Test
    void everySamplerSuggestsSteppedFloatsOnTheGridAndTheGpFindsTheBestGridValue() {
        SearchSpace grid = SearchSpace.builder().add("dropout", FloatDistribution.stepped(0.0, 0.6, 0.1))
                .add("x", FloatDistribution.linear(-1, 1)).build();
        List<Double> values = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        for (Sampler sampler : List.of(new RandomSampler(), new LatinHypercubeSampler(6),
                new GeneticSampler(new GeneticSampler.Settings(4, 2, 0.8, 0.5, 0.2, 0.75)),
                new GpSampler(new GpSampler.Settings(4, "logei", 128, 2, 1)),
                new TpeSampler(new TpeSampler.Settings(4, 24, 1.0, false)))) {
            Study s = Study.builder("grid", grid).sampler(sampler).seed(3).storage(new InMemoryStudyStorage()).build();
            s.optimize(t -> Math.abs(t.getDouble("dropout") - 0.32) + t.getDouble("x") * t.getDouble("x"), 16, 1);
            for (FrozenTrial t : s.trials()) {
                assertTrue(values.contains(t.params().get("dropout")), sampler.name() + " suggested " + t.params());
            }
            if (sampler instanceof GpSampler) {
                assertEquals(0.3, s.bestTrial().orElseThrow().params().get("dropout"));
            }
        }
    }

    private static double quadratic(Map<String, Object> p) {
        return Math.pow((Double) p.get("x") - 1.3, 2) + 3 * Math.pow((Double) p.get("y") + 2.1, 2);
    }

    @Test
    void anInterruptedGpOrGeneticStudyResumesExactlyWhereItStopped() {
        List<Supplier<Sampler>> samplers = List.of(() -> new GpSampler(new GpSampler.Settings(4, "logei", 128, 2, 1)),
                () -> new GeneticSampler(new GeneticSampler.Settings(4, 2, 0.8, 0.5, 0.2, 0.75)));
        for (Supplier<Sampler> make : samplers) {
            Study straight = Study.builder("s", PLANE).sampler(make.get()).seed(21).storage(new InMemoryStudyStorage())
                    .build();
            straight.optimize(t -> quadratic(t.params()), 14, 1);
            StudyStorage storage = new InMemoryStudyStorage();
            Study first = Study.builder("s", PLANE).sampler(make.get()).seed(21).storage(storage).build();
            first.optimize(t -> quadratic(t.params()), 7, 1);
            // a new process: the sampler is rebuilt from the stored name and settings
            String settings = storage.loadSamplerState(first.id()).orElseThrow();
            Sampler rebuilt = Samplers.create(first.sampler().name(), settings);
            Study resumed = Study.builder("s", PLANE).sampler(rebuilt).seed(999).storage(storage).build();
            resumed.optimize(t -> quadratic(t.params()), 7, 1);
            List<Map<String, Object>> a = straight.trials().stream().map(FrozenTrial::params).toList();
            List<Map<String, Object>> b = resumed.trials().stream().map(FrozenTrial::params).toList();
            assertEquals(14, b.size(), rebuilt.name());
            assertEquals(a, b, rebuilt.name() + ": the resumed study suggests what an uninterrupted one does");
            assertNotEquals(a.get(7), a.get(8));
        }
    }
}
