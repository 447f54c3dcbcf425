package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/** Every shipped experiment tunes end to end through the command line (tiny budgets). */
class ShippedExperimentsCliTest {
    @ParameterizedTest
    @ValueSource(strings = {"qa-two-inputs", "profile-three-outputs", "callbacks-and-bn", "sequential-vs-functional", "spam-binary",
            "boston-kfold", "fashion-cnn", "branched-two-outputs", "image-folder", "text-folder"})
    void tunesTwoTrialsAndPrintsALeaderboard(String name) {
        String db = Cli.memDb(name);
        Cli.Result r = Cli.run("tune", Cli.shipped(name), "--trials", "2", "--epochs", "1", "--limit-samples", "48", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Leaderboard of study '" + name + "-"), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.listStudies().get(0).study();
            var runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            assertEquals(2, runs.size());
            assertTrue(runs.stream().allMatch(run -> run.state() == TrialState.COMPLETE || run.state() == TrialState.PRUNED), runs.toString());
            assertTrue(store.provenance(runs.get(0).id()).isPresent());
            assertTrue(store.artifacts(runs.get(0).id()).stream().anyMatch(a -> a.name().equals("model.json")));
        }
    }
}
