package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written before the trial model was unified (schema V4, made with {@code hf tune
 * sequential-vs-functional.yaml --sampler tpe --trials 3 --epochs 2 --limit-samples 64 --study legacy}) still
 * opens, lists its runs and replays them: the study's suggestions and a trial's training come out identical.
 * The file is copied first, because opening a database may migrate it.
 */
class LegacyDatabaseReplayTest {
    @TempDir
    Path dir;
    private String db;

    @BeforeEach
    void copyFixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/legacy-db/schema-v4.mv.db")) {
            Files.copy(in, dir.resolve("legacy.mv.db"));
        }
        db = "jdbc:h2:file:" + dir.resolve("legacy");
    }

    @Test
    void theOldStudyReplaysToTheSameSuggestions() {
        Cli.Result replay = Cli.run("replay", "--study", "legacy", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 3 suggestions replayed exactly"), replay.toString());
    }

    @Test
    void anOldTrialRetrainsIdentically() {
        Cli.Result replay = Cli.run("replay", "2", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 10 metric values and the objective match exactly"),
                replay.toString());
        assertTrue(replay.out().contains("numerics: level 1 (the run recorded none: it predates numerics levels)"), replay.toString());
        assertTrue(replay.out().contains("bit-identical to the recorded checkpoint"), replay.toString());
    }

    @Test
    void theUpgradeIsAnnouncedOnStderrOnceAndOnlyWhenPending() {
        Cli.Result first = Cli.run("runs", "--study", "legacy", "--db", db);
        assertEquals(0, first.code(), first.toString());
        assertTrue(first.err().contains("hf: upgrading the database " + dir.resolve("legacy") + ".mv.db from schema 4 to 12"
                + " (this can take a minute on large files)..."), first.toString());
        Cli.Result again = Cli.run("runs", "--study", "legacy", "--db", db);
        assertEquals(0, again.code(), again.toString());
        assertTrue(!again.err().contains("upgrading"), again.toString());
        assertEquals(first.out(), again.out());
    }

    @Test
    void theOldRunsListWithTheirStatesAndValues() {
        Cli.Result runs = Cli.run("runs", "--study", "legacy", "--db", db);
        assertEquals(0, runs.code(), runs.toString());
        String[] lines = runs.out().strip().split("\n");
        assertEquals(5, lines.length, runs.toString());
        assertTrue(lines[0].startsWith("run  trial  state     value"), runs.toString());
        assertTrue(lines[2].startsWith("1    0      COMPLETE  0.695025"), runs.toString());
        assertTrue(lines[3].startsWith("2    1      COMPLETE  0.693064"), runs.toString());
        assertTrue(lines[4].startsWith("3    2      COMPLETE  0.708602"), runs.toString());
    }

    @Test
    void theOldDatabaseMigratesToVersion5AndItsStudyReadsAsSingleObjective() {
        try (dev.hyperforge.tracker.jdbc.Database d = dev.hyperforge.tracker.jdbc.Database.open(db)) {
            assertEquals("12", d.schemaVersion());
            dev.hyperforge.tracker.jdbc.JdbcRunStore store = new dev.hyperforge.tracker.jdbc.JdbcRunStore(d);
            dev.hyperforge.tracker.StudyRecord study = store.findStudyRecord("legacy").orElseThrow();
            assertEquals(1, study.directions().size());
            assertEquals(false, study.isMultiObjective());
            assertEquals(java.util.List.of(1, 1, 1), store.listRuns(study.id(), java.util.Set.of()).stream()
                    .map(r -> r.values().size()).toList());
            assertEquals(0.695025, store.findTrial(study.id(), 0).orElseThrow().trial().value(), 1e-6);
        }
        Cli.Result studies = Cli.run("studies", "--format", "csv", "--db", db);
        assertEquals(0, studies.code(), studies.toString());
        assertTrue(studies.out().contains("legacy,MINIMIZE,"), studies.toString());
        assertTrue(studies.out().strip().endsWith(",,"), "no front or hypervolume for a single objective: " + studies);
    }
}
