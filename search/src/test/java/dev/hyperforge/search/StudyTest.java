package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.pruner.MedianPruner;
import dev.hyperforge.search.sampler.LatinHypercubeSampler;
import dev.hyperforge.search.sampler.RandomSampler;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudyTest {

    static final SearchSpace SPACE = SearchSpace.builder()
            .add("x", FloatDistribution.linear(-5, 5))
            .add("n", IntDistribution.linear(1, 8))
            .add("c", CategoricalDistribution.of("a", "b"))
            .build();

    static double objective(Trial t) {
        return Math.pow(t.getDouble("x") - 1, 2) + t.getInt("n") + ("a".equals(t.getString("c")) ? 0 : 1);
    }

    static Study study(String name, Sampler sampler, StudyStorage storage, long seed) {
        return Study.builder(name, SPACE).sampler(sampler).storage(storage).seed(seed).build();
    }

    @Test
    void optimizeWithSeveralWorkersRunsEveryTrialOnce() {
        Study study = study("s", new RandomSampler(), new InMemoryStudyStorage(), 1);
        List<FrozenTrial> done = study.optimize(StudyTest::objective, 40, 4);
        assertEquals(40, done.size());
        assertEquals(40, new HashSet<>(done.stream().map(FrozenTrial::number).toList()).size());
        assertTrue(study.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
        FrozenTrial best = study.bestTrial().orElseThrow();
        assertTrue(study.trials().stream().allMatch(t -> t.value() >= best.value()));
    }

    @Test
    void sameSeedAndOneWorkerGiveTheSameSuggestions() {
        for (Sampler sampler : List.<Sampler>of(new RandomSampler(), new LatinHypercubeSampler(8))) {
            Study a = study("a", sampler, new InMemoryStudyStorage(), 11);
            Study b = study("b", sampler, new InMemoryStudyStorage(), 11);
            Study c = study("c", sampler, new InMemoryStudyStorage(), 12);
            a.optimize(StudyTest::objective, 15, 1);
            b.optimize(StudyTest::objective, 15, 1);
            c.optimize(StudyTest::objective, 15, 1);
            assertEquals(params(a), params(b));
            assertTrue(!params(a).equals(params(c)));
        }
    }

    static List<Map<String, Object>> params(Study s) {
        return s.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void replayReproducesEachSuggestionFromTheRecordedHistory() {
        Study study = study("s", new LatinHypercubeSampler(5), new InMemoryStudyStorage(), 3);
        study.optimize(StudyTest::objective, 12, 3);
        for (FrozenTrial t : study.trials()) {
            assertNotNull(t.systemAttrs().get(Study.SEEN_TRIALS));
            assertEquals(t.params(), study.replaySuggestion(t.number()).params());
        }
    }

    @Test
    void resumingKeepsCompletedTrialsAndContinuesTheSequence() {
        StudyStorage storage = new InMemoryStudyStorage();
        study("s", new RandomSampler(), storage, 5).optimize(StudyTest::objective, 6, 1);
        Study resumed = study("s", new RandomSampler(), storage, 999); // stored seed wins
        resumed.optimize(StudyTest::objective, 4, 1);
        Study straight = study("t", new RandomSampler(), new InMemoryStudyStorage(), 5);
        straight.optimize(StudyTest::objective, 10, 1);
        assertEquals(params(straight), params(resumed));
        assertThrows(IllegalArgumentException.class, () -> Study.builder("s", SPACE).storage(storage)
                .direction(Direction.MAXIMIZE).build());
    }

    @Test
    void askTellEnqueueAndFailures() {
        Study study = study("s", new RandomSampler(), new InMemoryStudyStorage(), 5);
        study.enqueue(Map.of("x", 1.0, "n", 1, "c", "a"));
        Trial fixed = study.ask();
        assertEquals(1.0, fixed.getDouble("x"));
        assertEquals(1.0, study.tell(fixed, objective(fixed)).value());
        List<FrozenTrial> done = study.optimize(t -> {
            if (t.number() == 2) {
                throw new IllegalStateException("boom");
            }
            return t.number() == 3 ? Double.NaN : objective(t);
        }, 3, 1);
        assertEquals(TrialState.FAILED, done.get(1).state());
        assertTrue(done.get(1).error().contains("boom"));
        assertEquals(TrialState.FAILED, done.get(2).state());
        assertThrows(IllegalArgumentException.class, () -> fixed.getDouble("missing"));
    }

    @Test
    void prunedTrialsKeepTheirLastIntermediateValue() {
        Study study = Study.builder("p", SPACE).pruner(new MedianPruner(2, 0, 1)).seed(1).build();
        study.optimize(t -> {
            double final_ = t.number() < 2 ? 1.0 : 10.0; // later trials are worse
            for (int step = 0; step < 5; step++) {
                t.report(step, final_ + 5 - step);
                if (t.shouldPrune()) {
                    throw new TrialPrunedException();
                }
            }
            return final_;
        }, 4, 1);
        List<FrozenTrial> trials = study.trials();
        assertEquals(TrialState.COMPLETE, trials.get(1).state());
        FrozenTrial pruned = trials.get(2);
        assertEquals(TrialState.PRUNED, pruned.state());
        assertEquals(Map.of(0, 15.0), pruned.intermediateValues());
        assertEquals(15.0, pruned.value());
    }

    @Test
    void staleTrialsAreFailedAndRequeued() {
        TrialLoopTest.HandClock clock = new TrialLoopTest.HandClock();
        Study study = Study.builder("h", SPACE).clock(clock).seed(2)
                .heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(30), true).build();
        Trial lost = study.ask();                   // its worker dies
        clock.advance(Duration.ofSeconds(60));
        Trial retried = study.ask();                // fails #0 as stale, re-queues and claims its copy
        assertEquals(TrialState.FAILED, study.trials().get(0).state());
        assertEquals(lost.params(), retried.params());
        assertEquals(0, study.trials().get(retried.number()).systemAttrs().get(Study.RETRIED_FROM));
        assertThrows(IllegalStateException.class, () -> study.tell(lost, 1.0));
        study.tell(retried, 1.0);
        assertEquals(Set.of(TrialState.FAILED, TrialState.COMPLETE),
                Set.copyOf(study.trials().stream().map(FrozenTrial::state).toList()));
    }

    @Test
    void maximizeFindsTheLargestValue() {
        Study study = Study.builder("m", SPACE).direction(Direction.MAXIMIZE).seed(4).build();
        study.optimize(StudyTest::objective, 20, 2);
        double max = study.trials().stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
        assertEquals(max, study.bestTrial().orElseThrow().value());
    }
}
