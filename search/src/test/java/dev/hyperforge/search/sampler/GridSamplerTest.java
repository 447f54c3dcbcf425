package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Condition;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.space.SimplexDistribution;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridSamplerTest {

    private static final SearchSpace SMALL = SearchSpace.builder()
            .add("act", CategoricalDistribution.of("relu", "tanh"))
            .add("units", IntDistribution.stepped(1, 6, 2))
            .add("dropout", FloatDistribution.stepped(0.0, 0.5, 0.25))
            .build();

    @Test
    void enumeratesEveryCombinationInDeclarationOrderLastParameterFastest() {
        List<Map<String, Object>> all = GridSampler.combinations(SMALL);
        assertEquals(2 * 3 * 3, all.size());
        assertEquals(Map.of("act", "relu", "units", 1, "dropout", 0.0), all.get(0));
        assertEquals(Map.of("act", "relu", "units", 1, "dropout", 0.25), all.get(1));
        assertEquals(Map.of("act", "relu", "units", 3, "dropout", 0.0), all.get(3));
        assertEquals(Map.of("act", "tanh", "units", 1, "dropout", 0.0), all.get(9));
        assertEquals(Map.of("act", "tanh", "units", 5, "dropout", 0.5), all.get(17));
        assertEquals(18, new HashSet<>(all).size());
        assertEquals(List.of("act", "units", "dropout"), List.copyOf(all.get(5).keySet()));
    }

    @Test
    void conditionalParametersAreEnumeratedOnlyWhereActive() {
        SearchSpace space = SearchSpace.builder()
                .add("optimizer", CategoricalDistribution.of("sgd", "adam"))
                .add("momentum", FloatDistribution.stepped(0.0, 0.9, 0.3), Condition.oneOf("optimizer", "sgd"))
                .add("beta2", CategoricalDistribution.of(0.99, 0.999), Condition.oneOf("optimizer", "adam"))
                .add("fixed", FloatDistribution.linear(0.5, 0.5))
                .build();
        List<Map<String, Object>> all = GridSampler.combinations(space);
        assertEquals(4 + 2, all.size());
        assertEquals(Map.of("optimizer", "sgd", "momentum", 0.3, "fixed", 0.5), all.get(1));
        assertEquals(Map.of("optimizer", "adam", "beta2", 0.999, "fixed", 0.5), all.get(5));
        for (Map<String, Object> p : all) {
            assertEquals(p, space.validate(p));
        }
    }

    @Test
    void aStudyVisitsEachCombinationOnceThenRepeatsTheGrid() {
        Study study = Study.builder("grid", SMALL).sampler(new GridSampler()).storage(new InMemoryStudyStorage()).build();
        study.optimize(t -> t.getDouble("dropout"), 20, 1);
        List<FrozenTrial> trials = study.trials();
        List<Map<String, Object>> grid = GridSampler.combinations(SMALL);
        for (int i = 0; i < 18; i++) {
            assertEquals(grid.get(i), trials.get(i).params(), "trial " + i);
        }
        assertEquals(grid.get(0), trials.get(18).params());
        assertEquals(grid.get(1), trials.get(19).params());
    }

    @Test
    void parallelWorkersSkipTheCombinationsOfRunningTrials() {
        Study study = Study.builder("grid", SMALL).sampler(new GridSampler()).storage(new InMemoryStudyStorage()).build();
        var a = study.ask();
        var b = study.ask();
        var c = study.ask();
        assertEquals(3, new HashSet<>(List.of(a.params(), b.params(), c.params())).size());
        study.tell(b, 1.0);
        assertEquals(GridSampler.combinations(SMALL).get(3), study.ask().params());
    }

    @Test
    void refusesAnInfiniteDimensionNamingItBeforeTheStudyExists() {
        InMemoryStudyStorage storage = new InMemoryStudyStorage();
        SearchSpace continuous = SearchSpace.builder().add("act", CategoricalDistribution.of("relu", "tanh"))
                .add("lr", FloatDistribution.log(1e-4, 1e-1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Study.builder("g", continuous).sampler(new GridSampler()).storage(storage).build());
        assertTrue(e.getMessage().contains("parameter 'lr' is a continuous float in [1.0E-4, 0.1] (log scale)"),
                e.getMessage());
        assertTrue(storage.findStudy("g").isEmpty());
        SearchSpace simplex = SearchSpace.builder().add("w", new SimplexDistribution(3, 1.0)).build();
        e = assertThrows(IllegalArgumentException.class, () -> new GridSampler().checkSpace(simplex));
        assertTrue(e.getMessage().contains("parameter 'w' is a simplex"), e.getMessage());
    }
}
