package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.hyperforge.experiments.cli.Main;
import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.Trial;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.H2Server;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * Each policy of the trial loop (search's {@code TrialLoop}, tested on its own in search's {@code TrialLoopTest})
 * once more through each way {@code hf} runs a study: {@code hf tune}, {@code hf tune --workers 2} and two
 * {@code hf worker} processes' worth of commands on one database. The study is prepared with
 * {@code hf tune --setup-only} first in every mode, so that the modes differ only in what runs the trials.
 */
class TrialLoopPoliciesTest {

    /** How a prepared study is run. */
    enum Mode {
        TUNE, TUNE_WORKERS_2, WORKER;

        /** The commands that run the study, at the same time. */
        List<List<String>> commands(Setup s) {
            List<String> tune = new ArrayList<>(s.args());
            return switch (this) {
                case TUNE -> List.of(tune);
                case TUNE_WORKERS_2 -> {
                    tune.addAll(List.of("--workers", "2"));
                    yield List.of(tune);
                }
                case WORKER -> List.of(s.worker(), s.worker());
            };
        }
    }

    /** A study of an experiment file in a database, with the settings every command repeats. */
    record Setup(String file, String study, String db, List<String> settings) {
        List<String> args() {
            List<String> a = new ArrayList<>(List.of("tune", file, "--study", study, "--db", db));
            a.addAll(settings);
            return a;
        }

        List<String> worker() {
            return List.of("worker", "--study", study, "--db", db);
        }

        void prepare() {
            List<String> a = args();
            a.add("--setup-only");
            WorkerJvms.runHere(a.toArray(new String[0]));
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void theBudgetIsRunExactlyOnce(Mode mode) throws Exception {
        Setup s = new Setup(WorkerJvms.shipped("sequential-vs-functional"), "budget", memDb(), List.of("--trials", "6",
                "--epochs", "1", "--limit-samples", "32"));
        s.prepare();
        String out = runAll(mode.commands(s));
        List<Run> runs = runs(s);
        assertEquals(6, count(runs, TrialState.COMPLETE), states(runs));
        assertEquals(runs.size(), count(runs, TrialState.COMPLETE), "nothing failed or left running: " + states(runs));
        List<Integer> reported = reportedTrials(out);
        assertEquals(runs.size(), reported.size(), "each trial was run and reported by exactly one worker:\n" + out);
        assertEquals(runs.stream().map(Run::number).sorted().toList(), reported.stream().sorted().toList());
        assertTrue(runs.stream().allMatch(r -> SharedStudy.WORKER_ID.equals(r.tags().get(SharedStudy.WORKER_TAG))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aDeadWorkersTrialIsReapedRequeuedAndRun(Mode mode) throws Exception {
        Setup s = new Setup(WorkerJvms.shipped("sequential-vs-functional"), "stale", memDb(), List.of("--trials", "4",
                "--epochs", "1", "--limit-samples", "32", "--heartbeat", "1s", "--retry-stale"));
        s.prepare();
        Trial dead;
        try (Database db = Database.open(s.db())) {
            Study study = SharedStudy.join(new JdbcRunStore(db), s.study()).study();
            dead = study.askWithinBudget(4).orElseThrow(); // claimed by a worker that dies: no heartbeat from now on
        }
        String out = runAll(mode.commands(s));
        List<Run> runs = runs(s);
        Run reaped = runs.stream().filter(r -> r.number() == dead.number()).findFirst().orElseThrow();
        assertEquals(TrialState.FAILED, reaped.state());
        assertTrue(reaped.error().contains("no heartbeat"), reaped.error());
        Run retry = runs.stream().filter(r -> r.systemAttrsJson().contains("\"retried_from\":" + dead.number()))
                .findFirst().orElseThrow(() -> new AssertionError("not re-queued: " + runs));
        assertEquals(reaped.params(), retry.params(), "re-run with the same parameters");
        // failing and re-queueing are one transaction: the copy takes the freed slot before any fresh trial
        assertEquals(TrialState.COMPLETE, retry.state(), retry.toString());
        assertEquals(4, count(runs, TrialState.COMPLETE), states(runs));
        assertEquals(1, count(runs, TrialState.FAILED), states(runs));
        assertTrue(out.contains("trial #" + dead.number() + " had no heartbeat"), out);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void divergingTrialsFailWithTheirReasonAndTheStudyCompletes(Mode mode) throws Exception {
        Setup s = new Setup(WorkerJvms.resource("policies"), "isolation", memDb(), List.of("--trials", "3"));
        s.prepare();
        String out = runAll(mode.commands(s));
        List<Run> runs = runs(s);
        assertEquals(3, count(runs, TrialState.COMPLETE), states(runs));
        int diverged = 0;
        for (Run r : runs.stream().filter(r -> r.state() == TrialState.FAILED).toList()) {
            assertEquals(1.0e12, ((Number) r.param("lr")).doubleValue(), r.toString());
            assertTrue(r.error().startsWith("training diverged: "), r.error());
            diverged++;
        }
        assertTrue(diverged > 0, "the sampler chose the failing setting: " + runs);
        assertEquals(runs.size(), count(runs, TrialState.COMPLETE) + diverged, states(runs));
        assertTrue(out.contains("failed: training diverged"), out);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void sigtermFailsTheRunningTrialsWithTheReasonAndClaimsNoMore(Mode mode) throws Exception {
        try (H2Server server = H2Server.start(dir, 0, false); Database db = Database.open(server.url("term"))) {
            Setup s = new Setup(WorkerJvms.resource("long-trials"), "term", server.url("term"), List.of("--trials", "3",
                    "--heartbeat", "1s"));
            s.prepare();
            int parallel = mode == Mode.TUNE_WORKERS_2 ? 2 : 1;
            Path log = dir.resolve("term.log");
            Process p = WorkerJvms.start(log, mode.commands(s).get(0).toArray(new String[0]));
            JdbcRunStore store = new JdbcRunStore(db);
            long studyId = store.findStudy("term").orElseThrow().id();
            awaitTraining(store, studyId, parallel, p, log);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops after SIGTERM:\n" + WorkerJvms.read(log));
            List<Run> runs = store.listRuns(studyId, EnumSet.allOf(TrialState.class));
            assertEquals(parallel, runs.size(), "no trial claimed after the signal: " + runs);
            for (Run r : runs) {
                assertEquals(TrialState.FAILED, r.state(), WorkerJvms.read(log));
                assertTrue(r.error().startsWith(GracefulStop.REASON) && r.error().contains("during batch"), r.error());
            }
        }
    }

    /** Runs the commands at the same time in this JVM (a thread each); each must exit 0. */
    private static String runAll(List<List<String>> commands) throws Exception {
        List<CompletableFuture<String>> running = new ArrayList<>();
        ExecutorService processes = Executors.newFixedThreadPool(commands.size());
        for (List<String> c : commands) {
            running.add(CompletableFuture.supplyAsync(() -> {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.execute(new PrintWriter(out), new PrintWriter(err), c.toArray(new String[0]));
                assertEquals(0, code, "hf " + String.join(" ", c) + "\n" + out + err);
                return out.toString();
            }, processes));
        }
        processes.shutdown();
        StringBuilder all = new StringBuilder();
        for (CompletableFuture<String> f : running) {
            all.append(f.get(5, TimeUnit.MINUTES));
        }
        return all.toString();
    }

    /** The trial numbers of the progress lines ({@code trial n/N  #k ...}), one per finished trial. */
    private static List<Integer> reportedTrials(String out) {
        Matcher m = Pattern.compile("(?m)^trial \\d+/\\d+  #(\\d+) ").matcher(out);
        List<Integer> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    private static void awaitTraining(JdbcRunStore store, long studyId, int n, Process p, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline && p.isAlive()) {
            List<Run> running = store.listRuns(studyId, EnumSet.of(TrialState.RUNNING));
            if (running.size() == n && running.stream().allMatch(r -> !r.lastMetrics().isEmpty())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never got " + n + " trial(s) training:\n" + WorkerJvms.read(log));
    }

    private static List<Run> runs(Setup s) {
        try (Database db = Database.open(s.db())) {
            JdbcRunStore store = new JdbcRunStore(db);
            return store.listRuns(store.findStudy(s.study()).orElseThrow().id(), EnumSet.allOf(TrialState.class));
        }
    }

    private static long count(List<Run> runs, TrialState state) {
        return runs.stream().filter(r -> r.state() == state).count();
    }

    private static String states(List<Run> runs) {
        return runs.stream().collect(Collectors.groupingBy(Run::state, Collectors.counting())).toString();
    }

    private static String memDb() {
        return "jdbc:h2:mem:policies-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
}
