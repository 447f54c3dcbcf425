package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.cli.Main;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * A trial whose objective throws, runs out of memory, returns NaN or whose training loss diverges is FAILED
 * with its reason, and the study goes on to its budget of trials that did not fail.
 */
class FailureIsolationTest {

    @Test
    void throwingOutOfMemoryAndNanTrialsFailWithTheirReasonAndTheStudyCompletes() {
        Study study = Study.builder("isolation", SearchSpace.builder().add("x", FloatDistribution.linear(0, 1)).build()).seed(3).build();
        StudySettings settings = new StudySettings(6, Duration.ofMillis(200), false, 0, Limits.NONE);
        Worker w = new Worker(study, settings, trial -> switch (trial.number()) {
            case 1 -> throw new IllegalStateException("boom in the objective");
            case 2 -> Double.NaN;
            case 3 -> new long[Integer.MAX_VALUE].length;
            default -> trial.getDouble("x");
        }, new StopSignal(), () -> true, t -> { });
        Worker.Report r = w.run(1, null);
        assertEquals(Worker.Ending.BUDGET_SPENT, r.ending(), r.detail());
        Map<Integer, FrozenTrial> byNumber = study.trials().stream().collect(Collectors.toMap(FrozenTrial::number, t -> t));
        assertEquals(6, study.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).count());
        assertEquals(TrialState.FAILED, byNumber.get(1).state());
        assertTrue(byNumber.get(1).error().startsWith("objective failed: IllegalStateException: boom in the objective"),
                byNumber.get(1).error());
        assertEquals(TrialState.FAILED, byNumber.get(2).state());
        assertTrue(byNumber.get(2).error().contains("NaN"), byNumber.get(2).error());
        assertEquals(TrialState.FAILED, byNumber.get(3).state());
        assertTrue(byNumber.get(3).error().startsWith("out of memory"), byNumber.get(3).error());
        assertEquals(9, r.trialsRun());
    }

    @Test
    void aTrialWhoseLossDivergesFailsWithTheReasonAndTheStudyGoesOn() {
        String url = "jdbc:h2:mem:diverging-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "tune", WorkerJvms.resource("diverging"), "--study", "d",
                "--trials", "4", "--db", url);
        assertEquals(0, code, out + "\n" + err);
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            List<Run> runs = store.listRuns(store.findStudyRecord("d").orElseThrow().id(), EnumSet.allOf(TrialState.class));
            List<Run> failed = runs.stream().filter(r -> r.state() == TrialState.FAILED).toList();
            assertTrue(!failed.isEmpty(), "the sampler chose the diverging learning rate: " + runs);
            for (Run f : failed) {
                assertEquals(1.0e12, f.param("lr"));
                assertTrue(f.error().startsWith("training diverged: ") && f.error().contains("loss became"), f.error());
            }
            assertEquals(4, runs.stream().filter(r -> r.state() == TrialState.COMPLETE).count(), "the study completes its budget");
            assertTrue(out.toString().contains("failed: training diverged"), out.toString());
        }
    }
}
