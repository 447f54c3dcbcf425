package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.pruner.MedianPruner;
import dev.hyperforge.search.sampler.RandomSampler;
import dev.hyperforge.search.sampler.SamplingContext;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiObjectiveStudyTest {

    static final SearchSpace SPACE = SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build();

    static Study study(String name, Direction... directions) {
        return Study.builder(name, SPACE).directions(directions).sampler(new RandomSampler()).seed(5).build();
    }

    @Test
    void specKeepsDirectionsAndRefusesTheSingleAccessorWhenThereAreSeveral() {
        StudySpec spec = new StudySpec("s2", List.of(Direction.MAXIMIZE, Direction.MINIMIZE), "nsga2", "{}", 1);
        assertTrue(spec.isMultiObjective());
        IllegalStateException e = assertThrows(IllegalStateException.class, spec::direction);
        assertTrue(e.getMessage().contains("'s2'"), e.getMessage());
        assertEquals(Direction.MINIMIZE, new StudySpec("one", Direction.MINIMIZE, "random", "{}", 1).direction());
        assertThrows(IllegalArgumentException.class, () -> new StudySpec("none", List.of(), "random", "{}", 1));
        assertThrows(IllegalArgumentException.class, () -> new StudySpec("nine",
                java.util.Collections.nCopies(9, Direction.MINIMIZE), "random", "{}", 1));
    }

    @Test
    void contextGivesEveryValueAsALoss() {
        SamplingContext ctx = new SamplingContext(SPACE, List.of(Direction.MAXIMIZE, Direction.MINIMIZE), 1, 0,
                List.of(), List.of());
        FrozenTrial t = FrozenTrial.fresh(1, 1, 0, TrialState.RUNNING, java.util.Map.of("x", 0.5), null)
                .finished(TrialState.COMPLETE, List.of(0.8, 3.0), null, null);
        assertEquals(List.of(-0.8, 3.0), java.util.Arrays.stream(ctx.losses(t)).boxed().toList());
        assertThrows(IllegalStateException.class, ctx::direction);
    }

    @Test
    void bestTrialsAreTheFeasibleParetoFront() {
        Study s = study("front", Direction.MAXIMIZE, Direction.MINIMIZE);
        double[][] told = {{0.9, 10}, {0.8, 5}, {0.7, 6}, {0.95, 20}, {0.99, 1}};
        for (int i = 0; i < told.length; i++) {
            Trial t = s.ask();
            double violation = i == 4 ? 1.0 : -1.0; // the last one would dominate everything but is infeasible
            s.tell(t, List.of(told[i][0], told[i][1]), List.of(violation));
        }
        assertEquals(List.of(0, 1, 3), s.bestTrials().stream().map(FrozenTrial::number).toList());
        assertFalse(Constraints.feasible(s.trials().get(4)));
        assertEquals(1.0, Constraints.violation(s.trials().get(4)));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::bestTrial);
        assertTrue(e.getMessage().contains("bestTrials()"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.tell(s.ask(), List.of(1.0)));
    }

    @Test
    void singleObjectiveBestTrialsAreTheTiesForBest() {
        Study s = study("one", Direction.MINIMIZE);
        for (double v : new double[] {3, 1, 2, 1}) {
            s.tell(s.ask(), List.of(v));
        }
        assertEquals(List.of(1, 3), s.bestTrials().stream().map(FrozenTrial::number).toList());
        assertEquals(1.0, s.bestTrial().orElseThrow().value());
    }

    @Test
    void optimizeMultiRunsThroughTheLoopAndNeverPrunes() {
        Study s = Study.builder("loop", SPACE).directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .pruner(MedianPruner.defaults()).seed(2).build();
        List<FrozenTrial> done = s.optimizeMulti(trial -> {
            double x = trial.getDouble("x");
            for (int step = 0; step < 3; step++) {
                trial.report(step, trial.number() * 10.0 + step);
                assertFalse(trial.shouldPrune());
            }
            if (trial.number() == 3) {
                return new double[] {x};  // wrong length: this trial fails, the study goes on
            }
            return new double[] {x, 1 - Math.sqrt(x)};
        }, 8, 2);
        assertEquals(8, done.size());
        assertEquals(7, s.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        FrozenTrial failed = s.trials().get(3);
        assertEquals(TrialState.FAILED, failed.state());
        assertTrue(failed.error().contains("2 objectives"), failed.error());
        assertEquals(7, s.bestTrials().size()); // x -> (x, 1 - sqrt x) is a front: nothing dominates
    }

    @Test
    void resumingWithOtherDirectionsIsRefused() {
        InMemoryStudyStorage storage = new InMemoryStudyStorage();
        Study.builder("r", SPACE).directions(Direction.MINIMIZE, Direction.MAXIMIZE).storage(storage).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder("r", SPACE)
                .directions(Direction.MINIMIZE, Direction.MINIMIZE).storage(storage).build());
        assertTrue(e.getMessage().contains("directions"), e.getMessage());
        assertEquals(2, Study.builder("r", SPACE).directions(Direction.MINIMIZE, Direction.MAXIMIZE).storage(storage)
                .build().directions().size());
    }

    @Test
    void singleObjectiveSamplersAreRefusedForSeveralObjectives() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.builder("t", SPACE)
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(dev.hyperforge.search.sampler.Samplers.create("tpe", "{}")).build());
        assertTrue(e.getMessage().contains("'tpe'") && e.getMessage().contains("nsga2"), e.getMessage());
    }

    @Test
    void warmStartsAreForSingleObjectiveStudiesAndSkipVectorTrials() {
        Study mo = study("mo", Direction.MINIMIZE, Direction.MINIMIZE);
        mo.tell(mo.ask(), List.of(1.0, 2.0));
        assertThrows(IllegalArgumentException.class, () -> Study.builder("w", SPACE)
                .directions(Direction.MINIMIZE, Direction.MINIMIZE).warmStart(mo.trials()).build());
        Study single = Study.builder("w1", SPACE).warmStart(mo.trials()).build();
        assertEquals(List.of(), single.warmStartTrials());
    }
}
