package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Constraints;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.bench.MultiObjectiveBenchmark;
import dev.hyperforge.search.bench.MultiObjectiveFunctions;
import dev.hyperforge.search.pareto.Hypervolume;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Multi-objective behaviour of the samplers that learn from several objectives, and of those that ignore them. */
class MultiObjectiveSamplerTest {

    private static final SearchSpace SPACE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(0, 1))
            .add("y", FloatDistribution.linear(0, 1))
            .add("c", CategoricalDistribution.of("a", "b"))
            .build();

    static Stream<Arguments> samplers() {
        GpSampler.Settings small = new GpSampler.Settings(6, "logei", 128, 2, 1);
        return Stream.of(
                Arguments.of("nsga2", (Supplier<Sampler>) () -> new Nsga2Sampler(new Nsga2Sampler.Settings(6, 0.9, 15, 20, 0))),
                Arguments.of("gp-ehvi", (Supplier<Sampler>) () -> new GpSampler(small)),
                Arguments.of("gp-parego", (Supplier<Sampler>) () -> new GpSampler(small, MoGpSampler.Mode.PAREGO)),
                Arguments.of("random", (Supplier<Sampler>) RandomSampler::new),
                Arguments.of("lhs", (Supplier<Sampler>) () -> new LatinHypercubeSampler(8)));
    }

    /** x to minimise, -g (1 - sqrt(x / g)) to maximise; feasible when x >= 0.6 (40% of the space). */
    private static Study study(Sampler sampler, long seed) {
        return Study.builder("mo", SPACE).directions(Direction.MINIMIZE, Direction.MAXIMIZE).sampler(sampler)
                .seed(seed).storage(new InMemoryStudyStorage()).build();
    }

    private static double[] evaluate(dev.hyperforge.search.Trial t) {
        double x = t.getDouble("x");
        double g = 1 + 4 * Math.pow(t.getDouble("y") - 0.4, 2) + ("a".equals(t.getString("c")) ? 0 : 0.5);
        t.setConstraints(0.6 - x);
        return new double[] {x, -g * (1 - Math.sqrt(x / g))};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void multiObjectiveStudiesReplayExactlyWithParallelWorkers(String name, Supplier<Sampler> sampler) {
        Study s = study(sampler.get(), 13);
        s.optimizeMulti(MultiObjectiveSamplerTest::evaluate, 18, 2);
        assertEquals(18, s.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params(), name + " trial " + t.number());
            assertEquals(2, t.values().size());
        }
        assertTrue(s.bestTrials().stream().allMatch(Constraints::feasible));
    }

    @Test
    void sameSeedGivesTheSameMultiObjectiveStudy() {
        Study a = study(new GpSampler(new GpSampler.Settings(6, "logei", 128, 2, 1)), 4);
        Study b = study(new GpSampler(new GpSampler.Settings(6, "logei", 128, 2, 1)), 4);
        a.optimizeMulti(MultiObjectiveSamplerTest::evaluate, 12, 1);
        b.optimizeMulti(MultiObjectiveSamplerTest::evaluate, 12, 1);
        assertEquals(a.trials().stream().map(FrozenTrial::params).toList(),
                b.trials().stream().map(FrozenTrial::params).toList());
        assertEquals(a.trials().stream().map(FrozenTrial::values).toList(),
                b.trials().stream().map(FrozenTrial::values).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void learningSamplersPreferTheFeasibleRegion(String name, Supplier<Sampler> sampler) {
        if (name.equals("random") || name.equals("lhs")) {
            return;
        }
        Study s = study(sampler.get(), 21);
        s.optimizeMulti(MultiObjectiveSamplerTest::evaluate, 36, 1);
        List<FrozenTrial> trials = s.trials();
        long early = trials.subList(0, 12).stream().filter(Constraints::feasible).count(); // about 5 at random
        long late = trials.subList(24, 36).stream().filter(Constraints::feasible).count();
        assertTrue(late > early && late >= 10, name + ": feasible trials " + early + " early, " + late + " late");
    }

    @Test
    void nsga2BeatsRandomSearchOnZdt1AtTheSameBudget() {
        MultiObjectiveFunctions.Function zdt1 = MultiObjectiveFunctions.ALL.get("zdt1");
        double[] nsga2 = new double[3];
        double[] random = new double[3];
        for (int seed = 0; seed < 3; seed++) {
            Sampler ga = new Nsga2Sampler(new Nsga2Sampler.Settings(20, 0.9, 15, 20, 0));
            nsga2[seed] = Hypervolume.of(MultiObjectiveBenchmark.runOne(zdt1, ga, 120, seed).values(), zdt1.reference());
            random[seed] = Hypervolume.of(MultiObjectiveBenchmark.runOne(zdt1, new RandomSampler(), 120, seed).values(),
                    zdt1.reference());
        }
        Arrays.sort(nsga2);
        Arrays.sort(random);
        assertTrue(nsga2[1] > random[1], "median hypervolume " + nsga2[1] + " vs random's " + random[1]);
    }

    @Test
    void bayesOnTwoObjectivesBeatsRandomSearchOnZdt1() {
        MultiObjectiveFunctions.Function zdt1 = MultiObjectiveFunctions.ALL.get("zdt1");
        Sampler bo = Samplers.create("bayes", "{}");
        double own = Hypervolume.of(MultiObjectiveBenchmark.runOne(zdt1, bo, 30, 1).values(), zdt1.reference());
        double random = Hypervolume.of(MultiObjectiveBenchmark.runOne(zdt1, new RandomSampler(), 30, 1).values(),
                zdt1.reference());
        assertTrue(own > random + 0.5, "hypervolume " + own + " vs random's " + random);
    }
}
