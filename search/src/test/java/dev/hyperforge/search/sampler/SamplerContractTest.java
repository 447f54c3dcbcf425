package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Sampler} must do, whatever its method: stay inside every kind of distribution (log
 * float, stepped int, categorical, conditional, simplex), be a pure function of its context (so a replay
 * re-suggests every trial exactly, also with parallel workers), be rebuilt from its stored settings, and, when
 * it learns from scores, beat random search on a quadratic. A new sampler is added to {@link #samplers()} and
 * passes all of it; CONTRIBUTING.md walks through it. A sampler that needs finitely many values per parameter
 * (grid) is marked {@code finite} and runs the same checks on finite twins of the spaces: the plane on a 0.25 grid,
 * the mixed space without its log float and simplex (a categorical learning rate instead).
 */
class SamplerContractTest {

    private static final SearchSpace PLANE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(-5, 5))
            .add("y", FloatDistribution.linear(-5, 5))
            .build();

    private static final SearchSpace MIXED = SearchSpace.builder()
            .add("lr", FloatDistribution.log(1e-4, 1.0))
            .add("layers", IntDistribution.linear(1, 4))
            .add("units_3", IntDistribution.stepped(8, 64, 8), Condition.atLeast("layers", 3))
            .add("act", CategoricalDistribution.of("relu", "tanh", "gelu"))
            .add("w", new SimplexDistribution(3, 1.0))
            .build();

    private static final SearchSpace FINITE_PLANE = SearchSpace.builder()
            .add("x", FloatDistribution.stepped(-5, 5, 0.25))
            .add("y", FloatDistribution.stepped(-5, 5, 0.25))
            .build();

    private static final SearchSpace FINITE_MIXED = SearchSpace.builder()
            .add("lr", CategoricalDistribution.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0))
            .add("layers", IntDistribution.linear(1, 4))
            .add("units_3", IntDistribution.stepped(8, 64, 8), Condition.atLeast("layers", 3))
            .add("act", CategoricalDistribution.of("relu", "tanh", "gelu"))
            .build();

    /**
     * Every sampler: a name, a factory of fresh instances, whether it learns from scores (then it must beat
     * random search) and whether it needs finite spaces (then it runs on {@link #FINITE_PLANE} and
     * {@link #FINITE_MIXED}).
     */
    static Stream<Arguments> samplers() {
        return Stream.of(
                Arguments.of("random", (Supplier<Sampler>) RandomSampler::new, false, false),
                Arguments.of("lhs", (Supplier<Sampler>) () -> new LatinHypercubeSampler(8), false, false),
                Arguments.of("sobol", (Supplier<Sampler>) () -> new SobolSampler(SobolSampler.Settings.defaults()), false, false),
                Arguments.of("grid", (Supplier<Sampler>) GridSampler::new, false, true),
                Arguments.of("gp", (Supplier<Sampler>) () -> new GpSampler(new GpSampler.Settings(6, "logei", 128, 2, 1)), true, false),
                Arguments.of("genetic", (Supplier<Sampler>) () -> new GeneticSampler(GeneticSampler.Settings.defaults()), true, false),
                Arguments.of("tpe", (Supplier<Sampler>) () -> new TpeSampler(TpeSampler.Settings.defaults()), true, false),
                Arguments.of("nsga2", (Supplier<Sampler>) () -> new Nsga2Sampler(new Nsga2Sampler.Settings(8, 0.9, 15, 20, 0)),
                        true, false));
    }

    private static SearchSpace plane(boolean finite) {
        return finite ? FINITE_PLANE : PLANE;
    }

    private static double quadratic(Map<String, Object> p) {
        return Math.pow((Double) p.get("x") - 1.3, 2) + 3 * Math.pow((Double) p.get("y") + 2.1, 2);
    }

    private static Study study(SearchSpace space, Sampler sampler, long seed) {
        return Study.builder("contract", space).sampler(sampler).seed(seed).storage(new InMemoryStudyStorage()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void suggestionsStayInsideEveryKindOfDistribution(String name, Supplier<Sampler> sampler, boolean learns,
                                                      boolean finite) {
        SearchSpace space = finite ? FINITE_MIXED : MIXED;
        Study s = study(space, sampler.get(), 3);
        s.optimize(t -> Math.abs(Math.log10(t.getDouble("lr")) + 2) + t.getInt("layers")
                + (t.isActive("units_3") ? t.getInt("units_3") / 64.0 : 0)
                + (finite ? 0 : t.getWeights("w")[0]), 25, 1);
        assertEquals(25, s.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), space.validate(t.params()), "trial " + t.number() + " left the space");
            int units = t.params().containsKey("units_3") ? ((Number) t.params().get("units_3")).intValue() : 8;
            assertEquals(0, units % 8, "stepped int off its grid in trial " + t.number());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void everySuggestionReplaysExactlyWithParallelWorkers(String name, Supplier<Sampler> sampler, boolean learns,
                                                          boolean finite) {
        Study s = study(plane(finite), sampler.get(), 11);
        s.optimize(t -> quadratic(t.params()), 16, 2);
        for (FrozenTrial t : s.trials()) {
            assertEquals(t.params(), s.replaySuggestion(t.number()).params(), "trial " + t.number());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void isRebuiltFromItsStoredSettings(String name, Supplier<Sampler> sampler, boolean learns, boolean finite) {
        Sampler original = sampler.get();
        Sampler copy = Samplers.create(original.name(), original.settingsJson());
        assertEquals(original.name(), copy.name());
        assertEquals(original.settingsJson(), copy.settingsJson());
        Study a = study(plane(finite), original, 5);
        Study b = study(plane(finite), copy, 5);
        a.optimize(t -> quadratic(t.params()), 12, 1);
        b.optimize(t -> quadratic(t.params()), 12, 1);
        for (int i = 0; i < 12; i++) {
            assertEquals(a.trials().get(i).params(), b.trials().get(i).params(), "trial " + i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samplers")
    void beatsRandomSearchOnAQuadraticWhenItLearns(String name, Supplier<Sampler> sampler, boolean learns,
                                                   boolean finite) {
        if (!learns) {
            return;
        }
        double[] own = new double[5];
        double[] random = new double[5];
        for (int seed = 0; seed < 5; seed++) {
            Study s = study(PLANE, sampler.get(), seed);
            s.optimize(t -> quadratic(t.params()), 40, 1);
            own[seed] = s.bestTrial().orElseThrow().value();
            Study r = study(PLANE, new RandomSampler(), seed);
            r.optimize(t -> quadratic(t.params()), 40, 1);
            random[seed] = r.bestTrial().orElseThrow().value();
        }
        Arrays.sort(own);
        Arrays.sort(random);
        assertTrue(own[2] < random[2], "median best " + own[2] + " vs random's " + random[2]);
    }
}
