package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hf ask}, {@code hf tell} and {@code hf log} in-process: the JSON line, pruned and failed trials, the pruner's
 * verdict in {@code hf log}, stale trials freed by {@code --stale-after}, and the exit codes of misuse (2 for bad
 * input, 1 for a state that forbids the call), with nothing written by a refused call.
 */
class AskTellCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = """
            name: outside
            seed: 5
            search:
              space:
                lr: {type: float, low: 0.0001, high: 0.1, log: true}
                opt: {type: categorical, choices: [adam, sgd]}
              objective: {metric: val_loss, direction: min}
              sampler: {name: random, trials: 3}
              pruner: {name: median, args: {n_startup_trials: 1}}
            """;
    @TempDir
    Path dir;

    private String setUp() throws Exception {
        Path file = dir.resolve("outside.yaml");
        Files.writeString(file, FILE);
        String db = Cli.memDb("asktell");
        Cli.Result r = Cli.run("tune", file.toString(), "--study", "o", "--setup-only", "--db", db);
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("driven from outside: hf ask --study o"), r.toString());
        return db;
    }

    private static JsonNode ask(String db, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("ask", "--study", "o", "--db", db));
        args.addAll(List.of(more));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        assertEquals(1, r.out().strip().lines().count(), "one line of JSON: " + r);
        return JSON.readTree(r.out());
    }

    @Test
    void askLogTellWithPrunedAndFailedTrials() throws Exception {
        String db = setUp();
        JsonNode first = ask(db);
        assertEquals("o", first.get("study").asText());
        assertEquals(0, first.get("trial").asInt());
        assertTrue(first.get("params").get("lr").asDouble() > 0 && first.get("params").has("opt"), first.toString());
        String run0 = first.get("run").asText();
        assertEquals(0, Cli.run("log", "--run", run0, "--step", "0", "val_loss=0.5", "accuracy=0.7", "--db", db).code());
        assertEquals(0, Cli.run("tell", "--study", "o", "--trial", "0", "--value", "0.5", "--db", db).code());
        JsonNode second = ask(db);
        Cli.Result log = Cli.run("log", "--run", second.get("run").asText(), "--step", "0", "val_loss=9.0", "--db", db);
        assertTrue(log.out().contains("\"prune\": true"), "worse than the median of trial 0 at step 0: " + log);
        Cli.Result pruned = Cli.run("tell", "--study", "o", "--trial", "1", "--pruned", "--db", db);
        assertTrue(pruned.out().contains("PRUNED 9.0"), "a pruned trial keeps its last objective value: " + pruned);
        ask(db);
        Cli.Result failed = Cli.run("tell", "--study", "o", "--trial", "2", "--failed", "out of memory", "--db", db);
        assertTrue(failed.out().contains("FAILED (out of memory)"), failed.toString());
        JsonNode fourth = ask(db);
        assertEquals(3, fourth.get("trial").asInt(), "a FAILED trial does not use the budget");
        assertEquals(0, Cli.run("tell", "--study", "o", "--trial", "3", "--value", "0.25", "--db", db).code());
        Cli.Result spent = Cli.run("ask", "--study", "o", "--db", db);
        assertEquals(1, spent.code(), spent.toString());
        assertTrue(spent.err().contains("no trial left in its budget of 3 (2 COMPLETE, 1 PRUNED, 1 FAILED)"), spent.toString());
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            long id = store.findStudy("o").orElseThrow().id();
            assertEquals(4, store.listRuns(id, EnumSet.allOf(TrialState.class)).size(), "the refused ask wrote nothing");
            Run r0 = store.run(Long.parseLong(run0));
            assertEquals(0.7, store.metricHistory(r0.id(), "accuracy").get(0).value());
            assertEquals(0.5, r0.intermediateValues().get(0), "the objective metric is the intermediate value");
        }
    }

    @Test
    void misuseExitsTwoAndStateConflictsExitOne() throws Exception {
        String db = setUp();
        JsonNode t = ask(db);
        String run = t.get("run").asText();
        assertBad(Cli.run("ask", "--study", "nope", "--db", db), 2, "no study named 'nope'");
        assertBad(Cli.run("tell", "--study", "o", "--trial", "7", "--value", "1", "--db", db), 2, "has no trial 7");
        assertBad(Cli.run("tell", "--study", "o", "--trial", "0", "--value", "1", "--pruned", "--db", db), 2, "mutually exclusive");
        assertBad(Cli.run("log", "--run", run, "val_loss", "--db", db), 2, "is not NAME=VALUE");
        assertBad(Cli.run("log", "--run", run, "val_loss=high", "--db", db), 2, "'high' is not a number");
        assertBad(Cli.run("log", "--run", "99999", "val_loss=1", "--db", db), 2, "no run with id 99999");
        assertBad(Cli.run("tune", dir.resolve("outside.yaml").toString(), "--study", "o", "--db", db), 2, "--setup-only");
        assertBad(Cli.run("worker", "--study", "o", "--db", db), 2, "driven from outside");
        assertBad(Cli.run("train", dir.resolve("outside.yaml").toString(), "--db", db), 2, "no model to train");
        assertEquals(0, Cli.run("tell", "--study", "o", "--trial", "0", "--value", "NaN", "--db", db).code());
        assertBad(Cli.run("tell", "--study", "o", "--trial", "0", "--value", "1", "--db", db), 1, "is FAILED, not RUNNING");
        assertBad(Cli.run("log", "--run", run, "val_loss=1", "--db", db), 1, "is FAILED");
        assertBad(Cli.run("replay", run, "--db", db), 2, "hf replay --study o");
    }

    @Test
    void staleAfterFailsSilentTrialsAndFreesTheirPlace() throws Exception {
        String db = setUp();
        ask(db);
        ask(db);
        ask(db);
        assertEquals(1, Cli.run("ask", "--study", "o", "--db", db).code(), "three RUNNING trials hold the budget");
        Thread.sleep(50);
        JsonNode fresh = ask(db, "--stale-after", "10ms");
        assertEquals(3, fresh.get("trial").asInt(), "the three silent trials were failed, the next one started");
        for (String n : List.of("0", "1", "2")) {
            assertBad(Cli.run("tell", "--study", "o", "--trial", n, "--value", "1", "--db", db), 1, "is FAILED");
        }
        assertEquals(0, Cli.run("tell", "--study", "o", "--trial", "3", "--value", "1", "--db", db).code());
    }

    private static void assertBad(Cli.Result r, int code, String message) {
        assertEquals(code, r.code(), r.toString());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r);
    }
}
