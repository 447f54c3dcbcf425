package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.search.bench.MixedFunctions;
import dev.hyperforge.search.bench.TestFunctions;
import dev.hyperforge.search.internal.TrustRegion;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchRegionTest {

    private static Study run(SearchSpace space, java.util.function.ToDoubleFunction<Map<String, Object>> f,
                             int trials, long seed) {
        Study s = Study.builder("region", space).sampler(new GpSampler(new GpSampler.Settings(6, "logei", 128, 2, 1)))
                .seed(seed).storage(new InMemoryStudyStorage()).build();
        for (int i = 0; i < trials; i++) {
            Trial t = s.ask();
            s.tell(t, f.applyAsDouble(t.params()));
        }
        return s;
    }

    private static double[] losses(List<FrozenTrial> trials) {
        return trials.stream().mapToDouble(FrozenTrial::value).toArray();
    }

    @Test
    void everyThirdTrialSearchesTheOtherBranchAroundItsBestPoint() {
        SearchSpace space = MixedFunctions.COND4_SPACE;
        List<FrozenTrial> done = run(space, MixedFunctions::cond4, 12, 3).trials();
        double[] loss = losses(done);
        assertEquals(2, done.stream().map(t -> t.params().get("optimizer")).distinct().count(), "both branches tried");
        int best = 0;
        for (int i = 1; i < loss.length; i++) {
            best = loss[i] < loss[best] ? i : best;
        }
        SearchRegion turn = SearchRegion.choose(space, done, loss, 14, 6, 100, true);
        Object home = done.get(best).params().get("optimizer");
        FrozenTrial centre = done.get(turn.bestIndex());
        assertNotEquals(home, centre.params().get("optimizer"));
        for (int i = 0; i < loss.length; i++) {
            if (done.get(i).params().get("optimizer").equals(centre.params().get("optimizer"))) {
                assertTrue(loss[i] >= loss[turn.bestIndex()], "the centre is the branch's best");
            }
        }
        double held = space.encode(centre.params())[0];
        assertEquals(held, turn.box()[0][0]);
        assertEquals(held, turn.box()[1][0]);
        assertTrue(turn.exclusionRadius() > 0);
        SearchRegion plain = SearchRegion.choose(space, done, loss, 15, 6, 100, true);
        assertEquals(best, plain.bestIndex());
        assertEquals(0.0, plain.box()[0][0]);
        assertEquals(1.0, plain.box()[1][4]);
        assertEquals(0.0, plain.exclusionRadius());
    }

    @Test
    void suggestionsStayInTheTrustRegionAroundTheIncumbent() {
        TestFunctions.TestFunction sphere = TestFunctions.box("sphere4", x -> {
            double s = 0;
            for (double v : x) {
                s += (v - 0.3) * (v - 0.3);
            }
            return s;
        }, java.util.Collections.nCopies(4, new double[] {-1, 1}), 0.0);
        Study s = run(sphere.space(), sphere.objective(), 30, 1);
        List<FrozenTrial> all = s.trials();
        boolean shrank = false;
        for (int n = 6; n < all.size(); n++) {
            List<FrozenTrial> before = all.subList(0, n);
            SearchRegion r = SearchRegion.choose(sphere.space(), before, losses(before), n, 6, 4, true);
            double side = TrustRegion.side(losses(before), 6, 4);
            shrank |= side < TrustRegion.INITIAL;
            double[] u = sphere.space().encode(all.get(n).params());
            for (int k = 0; k < 4; k++) {
                assertTrue(u[k] >= r.box()[0][k] - 1e-9 && u[k] <= r.box()[1][k] + 1e-9,
                        "trial " + n + " coordinate " + k + " = " + u[k] + " outside the region of side " + side);
            }
        }
        assertTrue(shrank, "the region shrinks once the incumbent stops improving");
        assertTrue(s.bestTrial().orElseThrow().value() < 1e-3, "best " + s.bestTrial().orElseThrow().value());
    }

    @Test
    void aCollapsedRegionSearchesTheCubeOnceThenSurroundsTheBestTrialSinceTheRestart() {
        SearchSpace space = TestFunctions.box("flat4", x -> 0, java.util.Collections.nCopies(4, new double[] {0, 1}),
                0.0).space();
        Study s = Study.builder("restart", space).sampler(new RandomSampler()).seed(2)
                .storage(new InMemoryStudyStorage()).build();
        double[] losses = new double[40];
        java.util.Arrays.fill(losses, 1.0);
        losses[0] = 0.0;
        losses[29] = 3.0;
        losses[30] = 2.5;
        losses[31] = 2.0;
        losses[32] = 2.2;
        for (double v : losses) {
            s.tell(s.ask(), v);
        }
        List<FrozenTrial> done = s.trials();
        int start = TrustRegion.replay(losses, 1, 4).start();
        assertEquals(29, start, "1 startup trial, then 7 halvings of 4 failures each");
        SearchRegion fresh = SearchRegion.choose(space, done.subList(0, start), java.util.Arrays.copyOf(losses, start),
                start, 1, 4, true);
        assertEquals(0.0, fresh.box()[0][2]);
        assertEquals(1.0, fresh.box()[1][2]);
        assertEquals(0, fresh.bestIndex());
        assertEquals(0.0, fresh.trustSide(), "the global trial is not narrowed while workers run either");
        SearchRegion around = SearchRegion.choose(space, done.subList(0, 33), java.util.Arrays.copyOf(losses, 33),
                33, 1, 4, true);
        assertEquals(31, around.bestIndex(), "the best since the restart, not trial 0");
        double[] centre = space.encode(done.get(31).params());
        assertArrayEquals(TrustRegion.box(centre, TrustRegion.INITIAL)[0], around.box()[0]);
        assertArrayEquals(centre, around.incumbents().get(0));
        assertEquals(4, around.incumbents().size(), "only trials of the fresh region");
        assertEquals(TrustRegion.INITIAL, around.trustSide());
    }

    @Test
    void conditionalSuggestionsReplayExactly() {
        Study a = run(MixedFunctions.COND4_SPACE, MixedFunctions::cond4, 15, 5);
        Study b = run(MixedFunctions.COND4_SPACE, MixedFunctions::cond4, 15, 5);
        for (int i = 0; i < 15; i++) {
            assertEquals(a.trials().get(i).params(), b.trials().get(i).params(), "trial " + i);
            assertEquals(a.trials().get(i).params(), a.replaySuggestion(i).params(), "replay of trial " + i);
        }
    }
}
