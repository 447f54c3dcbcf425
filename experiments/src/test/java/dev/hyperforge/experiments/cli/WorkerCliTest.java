package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code hf worker} in-process: it runs a study that {@code hf tune --setup-only} stored (the budget and the
 * experiment come from the database); joining a study that does not exist, or that has no worker settings, or
 * asking for no threads is a usage error (exit 2, one message, no stack trace).
 */
class WorkerCliTest {
    @Test
    void aWorkerRunsTheStoredStudyToItsBudgetWithoutTheFile() {
        String db = Cli.memDb("worker");
        Cli.Result setup = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--study", "w", "--trials", "3", "--epochs", "1",
                "--limit-samples", "32", "--setup-only", "--db", db);
        assertEquals(0, setup.code(), setup.toString());
        assertTrue(setup.out().contains("ready for workers: hf worker --study w"), setup.toString());
        Cli.Result w = Cli.run("worker", "--study", "w", "--db", db);
        assertEquals(0, w.code(), w.toString());
        assertTrue(w.out().contains("worker done: the study has its 3 trials; 3 trial(s) run here"), w.toString());
        Cli.Result again = Cli.run("worker", "--study", "w", "--db", db);
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("; 0 trial(s) run here"), "a finished study runs nothing more: " + again);
    }

    @Test
    void joiningAnUnknownOrUnpreparedStudyIsAUsageError() {
        String db = Cli.memDb("worker-bad");
        Cli.Result unknown = Cli.run("worker", "--study", "nope", "--db", db);
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().startsWith("hf: no study named 'nope'"), unknown.toString());
        assertFalse(unknown.err().contains("\tat "), unknown.toString());
        Cli.Result train = Cli.run("train", Cli.shipped("sequential-vs-functional"), "--epochs", "1", "--limit-samples", "32", "--db", db);
        assertEquals(0, train.code(), train.toString());
        Cli.Result manual = Cli.run("worker", "--study", "sequential-vs-functional-train", "--db", db);
        assertEquals(2, manual.code(), manual.toString());
        assertTrue(manual.err().contains("has no worker settings"), manual.toString());
        assertEquals(2, Cli.run("worker", "--study", "x", "--threads", "0", "--db", db).code());
        assertEquals(2, Cli.run("worker", "--db", db).code(), "--study is required");
        assertEquals(2, Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--heartbeat", "10ms", "--db", db).code());
    }
}
