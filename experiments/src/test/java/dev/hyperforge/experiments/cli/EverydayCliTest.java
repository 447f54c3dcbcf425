package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.experiments.file.SearchSpec;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The habits users bring from Optuna's and MLflow's command lines: run ids printed beside trial numbers,
 * {@code hf show --format json}, {@code hf studies delete}, {@code hf --version} from the build, shell completion,
 * the choices of enum-typed options in the help, and the runs directory from {@code HF_RUNS}.
 */
class EverydayCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runIdsAreShownBesideTrialNumbersWhereverRunsAreListed() throws Exception {
        String db = Cli.memDb("ids");
        long taken;
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) { // run ids 1..3 go to another study
            StudyRecord other = store.createOrGetStudy(new StudySpec("other", Direction.MINIMIZE, "random", "{}", 1));
            for (int i = 0; i < 3; i++) {
                store.enqueueTrial(other.id(), List.of(ParamValue.ofInt("i", i, "{}")), "{}");
            }
            taken = store.listRuns(other.id(), Set.of()).stream().mapToLong(Run::id).max().orElseThrow();
        }
        Cli.Result tune = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--trials", "2", "--epochs", "1",
                "--limit-samples", "32", "--study", "ids", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        long first = taken + 1;
        assertTrue(tune.out().contains("#0 (run " + first + ")"), "progress line: " + tune.out());
        assertTrue(tune.out().contains("#1 (run " + (first + 1) + ")"), "progress line: " + tune.out());
        List<String> board = tune.out().lines().dropWhile(l -> !l.startsWith("rank")).toList();
        assertTrue(board.get(0).matches("rank\\s+run\\s+trial\\s+val_loss\\s+parameters"), board.toString());
        Matcher row = Pattern.compile("1\\s+(\\d+)\\s+(\\d)\\s+\\S+\\s+.*").matcher(board.get(1));
        assertTrue(row.matches(), board.toString());
        assertEquals(first + Long.parseLong(row.group(2)), Long.parseLong(row.group(1)), "the run id beside its trial number");

        Cli.Result runs = Cli.run("runs", "--study", "ids", "--db", db);
        List<String> lines = runs.out().lines().toList();
        assertTrue(lines.get(0).startsWith("run  trial  state"), runs.out());
        assertTrue(lines.get(2).startsWith(first + "    0      COMPLETE"), runs.out());
        assertTrue(runs.out().endsWith("\n"), "a table ends with a newline");

        Cli.Result show = Cli.run("show", Long.toString(first), "--db", db);
        assertTrue(show.out().startsWith("run " + first + ": study 'ids', trial 0, COMPLETE"), show.out());
        Cli.Result json = Cli.run("show", Long.toString(first), "--format", "json", "--db", db);
        assertEquals(0, json.code(), json.toString());
        JsonNode r = JSON.readTree(json.out());
        assertEquals(first, r.get("run").asLong());
        assertEquals(0, r.get("trial").asInt());
        assertEquals("ids", r.get("study").asText());
        assertEquals("COMPLETE", r.get("state").asText());
        double lr = r.get("params").get("lr").asDouble();
        assertTrue(lr >= 0.001 && lr <= 0.1, r.toString());
        JsonNode loss = r.get("metrics").get("val_loss");
        assertEquals(1, loss.get("points").asInt(), "one epoch, one point");
        assertEquals(loss.get("last").asDouble(), loss.get("min").asDouble());
        assertEquals(r.get("value").asDouble(), loss.get("last").asDouble(), 1e-12);
        assertEquals(64, r.get("provenance").get("experiment_sha256").asText().length());
        assertTrue(r.get("provenance").get("seeds").size() > 0, r.toString());
        assertTrue(r.get("artifacts").isArray() && r.get("artifacts").size() > 0, r.toString());
        assertEquals(64, r.get("artifacts").get(0).get("sha256").asText().length());
        assertEquals(2, Cli.run("show", Long.toString(first), "--format", "xml", "--db", db).code());
    }

    @Test
    void studiesDeleteAsksThenRemovesTheStudyWithItsRowsAndRefusesRunningTrialsWithoutForce() {
        String db = Cli.memDb("delete");
        long kept;
        long running;
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            StudyRecord gone = store.createOrGetStudy(new StudySpec("to-delete", Direction.MINIMIZE, "random", "{}", 1));
            Run done = store.startRun(gone.id(), provenance());
            store.logMetrics(done.id(), List.of(new MetricPoint("loss", 0, 1.0, Instant.EPOCH), new MetricPoint("loss", 1, 0.5, Instant.EPOCH)));
            store.saveArtifact(done.id(), "summary.txt", ArtifactKind.OTHER, "text/plain", new byte[] {1, 2, 3});
            store.finishRun(done.id(), TrialState.COMPLETE, 0.5, null);
            kept = store.startRun(store.createOrGetStudy(new StudySpec("keep", Direction.MINIMIZE, "random", "{}", 1)).id(),
                    provenance()).id();
            StudyRecord busy = store.createOrGetStudy(new StudySpec("busy", Direction.MINIMIZE, "random", "{}", 1));
            running = store.startRun(busy.id(), provenance()).id();
        }
        Cli.Result no = run("n\n", "studies", "delete", "to-delete", "--db", db);
        assertEquals(1, no.code(), no.toString());
        assertTrue(no.out().startsWith("Delete study 'to-delete' with 1 runs (1 complete)? This cannot be undone. [y/N]"), no.out());
        assertTrue(no.err().contains("kept"), no.toString());
        assertEquals(1, Cli.run("studies", "delete", "to-delete", "--db", db).code(), "no answer (end of input) keeps the study");
        assertTrue(Cli.run("studies", "--db", db).out().contains("to-delete"));

        Cli.Result yes = run("y\n", "studies", "--db", db, "delete", "to-delete");
        assertEquals(0, yes.code(), yes.toString());
        assertTrue(yes.out().contains("deleted study 'to-delete': 1 runs, 2 metric points, 1 artifacts"), yes.out());
        String studies = Cli.run("studies", "--db", db, "--format", "csv").out();
        assertFalse(studies.contains("to-delete"), studies);
        assertTrue(studies.contains("keep,") && studies.contains("busy,"), studies);
        assertEquals(2, Cli.run("studies", "delete", "to-delete", "--yes", "--db", db).code(), "an unknown study is bad input");

        Cli.Result refused = Cli.run("studies", "delete", "busy", "--yes", "--db", db);
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("1 RUNNING trial(s)") && refused.err().contains("--force"), refused.err());
        assertEquals(0, Cli.run("show", Long.toString(running), "--db", db).code(), "a refused deletion deletes nothing");
        Cli.Result forced = Cli.run("studies", "delete", "busy", "--yes", "--force", "--db", db);
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(2, Cli.run("show", Long.toString(running), "--db", db).code());
        assertEquals(0, Cli.run("show", Long.toString(kept), "--db", db).code(), "other studies' runs stay");
    }

    @Test
    void versionComesFromTheBuildWithTheJavaRuntime() {
        String version = System.getProperty("hf.version");
        assertNotNull(version, "surefire passes the pom's version as hf.version");
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.code(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("Hyperforge " + version, lines.get(0));
        assertTrue(lines.get(1).startsWith("Java " + System.getProperty("java.version") + " "), r.out());
        assertEquals(version, VersionProvider.version());
    }

    @Test
    void completionScriptCompletesCommandsAndTheChoicesOfEnumOptions() {
        Cli.Result r = Cli.run("completion");
        assertEquals(0, r.code(), r.toString());
        String script = r.out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 80));
        assertTrue(script.contains("complete -F _complete_hf") && script.contains("-o default hf"), "registers the hf completion");
        assertTrue(script.contains("studies delete"), "subcommands of subcommands complete");
        assertTrue(script.contains("\"random\" \"lhs\" \"sobol\" \"grid\" \"genetic\" \"bayes\" \"gp\" \"tpe\"")
                || script.contains("random lhs sobol grid genetic bayes gp tpe"), "the sampler names complete");
        assertTrue(script.contains("table csv json") || script.contains("\"table\" \"csv\" \"json\""), "the formats complete");
    }

    @Test
    void helpListsTheChoicesOfEnumTypedOptionsAndValuesAreReadInAnyCase() {
        assertTrue(help("tune").contains("random, lhs, sobol, grid, genetic, bayes, gp, tpe"));
        String runsHelp = help("runs");
        assertTrue(runsHelp.contains("table, csv, json"), runsHelp);
        assertTrue(runsHelp.contains("running, complete, pruned, failed, waiting"), runsHelp);
        assertTrue(help("show").contains("--format=FORMAT text, json"), help("show"));
        assertTrue(help("studies").contains("table, csv, json"));
        Set<String> enumNames = new TreeSet<>();
        new Choices.Samplers().forEach(enumNames::add);
        assertEquals(new TreeSet<>(SearchSpec.SAMPLERS), enumNames, "--sampler offers exactly the samplers experiment files name");
        String db = Cli.memDb("case");
        assertEquals(Cli.run("studies", "--format", "csv", "--db", db).out(), Cli.run("studies", "--format", "CSV", "--db", db).out());
        Cli.Result bad = Cli.run("tune", Cli.shipped("sequential-vs-functional"), "--sampler", "cmaes", "--db", db);
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--sampler") && bad.err().contains("cmaes"), bad.err());
    }

    @Test
    void theRunsDirectoryComesFromHfRunsUnlessTheTestPropertyIsSet() {
        assertEquals(Path.of("/data/hf-runs"), Workspace.runsRoot(null, "/data/hf-runs"));
        assertEquals(Path.of("/tmp/t/runs"), Workspace.runsRoot("/tmp/t", "/data/hf-runs"));
        assertEquals(Path.of("runs"), Workspace.runsRoot(null, null));
        assertEquals(Path.of("runs"), Workspace.runsRoot(null, " "));
        assertEquals(Path.of("/data/hf-runs/s/run-7"), Workspace.runsRoot(null, "/data/hf-runs").resolve("s").resolve("run-7"));
    }

    /** The help of a command with its lines joined (picocli wraps descriptions). */
    private static String help(String command) {
        return Cli.run(command, "--help").out().replaceAll("\\s+", " ");
    }

    /** Runs hf with {@code input} on its standard input. */
    private static Cli.Result run(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), args);
        return new Cli.Result(code, out.toString(), err.toString());
    }

    private static Provenance provenance() {
        return Provenance.builder().experimentFile("name: t\n").resolvedConfig("{}").seed("study", 1)
                .dataFingerprint(Hashing.sha256Hex("data")).nd4j("CPU", "linux-x86_64").threads("nd4j.native", 1).build();
    }
}
