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

/** The Transformer text classifier tunes on real mail with every single-objective sampler (tiny budgets). */
class TransformerTextCliTest {
    @ParameterizedTest
    @ValueSource(strings = {"random", "lhs", "sobol", "grid", "genetic", "bayes", "tpe"})
    void tunesTwoTrialsWithEverySampler(String sampler) {
        String db = Cli.memDb("transformer-text-" + sampler);
        Cli.Result r = Cli.run("tune", Cli.shipped("transformer-text"), "--sampler", sampler, "--trials", "2", "--epochs", "1",
                "--limit-samples", "64", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Leaderboard of study 'transformer-text-"), r.toString()); // bayes is named gp
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.listStudies().get(0).study();
            var runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            assertEquals(2, runs.size());
            assertTrue(runs.stream().allMatch(run -> run.state() == TrialState.COMPLETE), runs.toString());
            assertTrue(runs.stream().allMatch(run -> run.params().containsKey("heads") && run.params().containsKey("embed_dim")), runs.toString());
        }
    }
}
