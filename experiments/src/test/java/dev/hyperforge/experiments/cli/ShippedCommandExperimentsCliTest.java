package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The shipped command examples tune end to end through {@code hf}: the shell one ({@code /bin/sh} and awk) and the
 * Python one ({@code python3}, standard library only; CI installs Debian's python3): every trial COMPLETE or
 * PRUNED, per-epoch curves, the program's files and {@code output.log} stored as artifacts.
 */
class ShippedCommandExperimentsCliTest {
    @Test
    void theShellExampleTunes() {
        List<Run> runs = tune("shell-command", 4);
        Run first = runs.get(0);
        assertEquals(TrialState.COMPLETE, first.state());
        assertTrue(first.lastMetrics().containsKey("loss"), first.lastMetrics().toString());
    }

    @Test
    void thePythonExampleTunesWithCurvesAndArtifacts() {
        List<Run> runs = tune("python-script", 4);
        Run first = runs.get(0);
        assertEquals(TrialState.COMPLETE, first.state(), String.valueOf(first.error()));
        assertEquals(Set.of("loss", "val_loss", "val_mae"), first.lastMetrics().keySet());
        assertEquals(29, first.lastMetrics().get("val_loss").step(), "30 epochs of curves");
        assertEquals(first.value(), first.lastMetrics().get("val_loss").value(), "the score is the last val_loss");
    }

    private static List<Run> tune(String name, int trials) {
        String db = Cli.memDb(name);
        Cli.Result r = Cli.run("tune", Cli.shipped(name), "--trials", Integer.toString(trials), "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Leaderboard of study '" + name + "-"), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.listStudies().get(0).study();
            List<Run> runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            assertEquals(trials, runs.size(), runs.toString());
            assertTrue(runs.stream().allMatch(run -> run.state() == TrialState.COMPLETE || run.state() == TrialState.PRUNED), runs.toString());
            Set<String> artifacts = store.artifacts(runs.get(0).id()).stream().map(a -> a.name()).collect(Collectors.toSet());
            assertTrue(artifacts.contains("output.log"), artifacts.toString());
            assertTrue(artifacts.size() >= 2, "the program's files are artifacts too: " + artifacts);
            assertTrue(store.provenance(runs.get(0).id()).isPresent());
            return runs;
        }
    }
}
