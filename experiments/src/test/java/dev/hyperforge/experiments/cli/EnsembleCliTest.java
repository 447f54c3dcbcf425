package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * {@code hf ensemble} over runs that {@code hf tune} trained and tracked (three outputs: regression, softmax,
 * sigmoid), and the bad-input paths of {@code hf ensemble} and {@code hf serve} (exit 2, nothing saved).
 */
class EnsembleCliTest {
    private static String db;
    private static List<Run> runs;
    private static long studyId;

    @BeforeAll
    static void tune() {
        db = Cli.memDb("ensemble");
        Cli.Result r = Cli.run("tune", Cli.shipped("profile-three-outputs"), "--trials", "3", "--epochs", "1",
                "--limit-samples", "64", "--db", db);
        assertEquals(0, r.code(), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord study = store.listStudies().get(0).study();
            studyId = study.id();
            runs = store.listRuns(study.id(), EnumSet.of(TrialState.COMPLETE));
        }
        assertEquals(3, runs.size(), "three COMPLETE trials to ensemble");
    }

    private static String ids() {
        return runs.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(","));
    }

    @Test
    void greedyEnsembleOfTrackedRunsReportsEveryOutputAndIsSaved() {
        Cli.Result r = Cli.run("ensemble", "--runs", ids(), "--greedy", "--save", "best3", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("output age (regression): mse"), r.toString());
        assertTrue(r.out().contains("output income (multiclass): accuracy"), r.toString());
        assertTrue(r.out().contains("output gender (binary): accuracy"), r.toString());
        assertTrue(r.out().contains("vs best single model (run "), r.toString());
        assertTrue(r.out().contains("saved as ensemble 'best3'"), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            EnsembleRecord e = store.findEnsemble(studyId, "best3").orElseThrow();
            assertEquals("greedy", e.spec().method());
            assertEquals(1.0, e.weights().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
            assertEquals("loss", e.spec().metricName(), "mixed outputs rank by the summed per-output loss");
        }
    }

    @Test
    void theScoreCanBeOneOutputsMetric() {
        Cli.Result r = Cli.run("ensemble", "--runs", ids(), "--greedy", "--score", "income:accuracy", "--save",
                "by-income", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("income_accuracy"), r.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            assertEquals("income_accuracy", store.findEnsemble(studyId, "by-income").orElseThrow().spec().metricName());
        }
        expectBad("applies to classification outputs", "ensemble", "--runs", ids(), "--score", "age:accuracy", "--db", db);
        expectBad("--score: ensemble score metric must be one of", "ensemble", "--runs", ids(), "--score", "income:f1",
                "--db", db);
    }

    @Test
    void handWeightsAreNormalisedAndWithoutSaveNothingIsStored() {
        Cli.Result r = Cli.run("ensemble", "--runs", ids(), "--weights", "2,1,1", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("  0.5000  "), r.toString());
        assertTrue(r.out().contains("  0.2500  "), r.toString());
        assertFalse(r.out().contains("saved as"), r.toString());
    }

    @Test
    void optimisedWeightsReportTheirBaselines() {
        Cli.Result r = Cli.run("ensemble", "--runs", ids(), "--optimize", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("weights optimize"), r.toString());
        assertTrue(r.out().contains("baseline equal: loss"), r.toString());
        assertTrue(r.out().contains("baseline greedy: loss"), r.toString());
    }

    @Test
    void badInputExitsWithTwoAndSavesNothing() {
        long before = count();
        expectBad("no run with id 999999", "ensemble", "--runs", runs.get(0).id() + ",999999", "--save", "x", "--db", db);
        expectBad("choose one of --weights, --greedy and --optimize", "ensemble", "--runs", ids(), "--weights", "1,1,1",
                "--greedy", "--db", db);
        expectBad("'a' is not an id", "ensemble", "--runs", "1,a", "--db", db);
        expectBad("one weight per run (3)", "ensemble", "--runs", ids(), "--weights", "1,1", "--save", "y", "--db", db);
        expectBad("ensemble name must be", "ensemble", "--runs", ids(), "--save", "<b>", "--db", db);
        expectBad("port must be in 0..65535", "serve", "--port", "70000", "--db", db);
        assertEquals(before, count());
    }

    @Test
    void servingWithAWeakTokenIsRefused() {
        expectBad("at least 16 characters, received 1", "serve", "--host", "0.0.0.0", "--port", "0", "--token", "a",
                "--db", db);
        expectBad("at least 16 characters, received 6", "serve", "--port", "0", "--token", "s3cret", "--db", db);
    }

    private static void expectBad(String message, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(message), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    private static long count() {
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            return store.listEnsembles(studyId).size();
        }
    }
}
