package dev.hyperforge.experiments.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.experiments.run.StudyRunner;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.memory.InMemoryRunStore;

/**
 * Tuning studies of command experiments (shell scripts): what the program receives, what its output becomes
 * (metrics, score, artifacts, provenance), and faults (crash, garbage, NaN, timeout, 100 MB of output) each
 * ending as a FAILED trial with its reason while the study goes on; pruning stops a running program; two
 * workers run two programs at once.
 */
class CommandStudyTest {
    @TempDir
    Path dir;

    /** Writes {@code script.sh} and an experiment running it with {@code x} in [0, 1], minimising {@code loss}. */
    Experiment experiment(String script, String timeout, String pruner) throws IOException {
        Files.writeString(dir.resolve("script.sh"), script);
        String yaml = "name: cmd\nseed: 5\ncommand:\n  run: [/bin/sh, script.sh, \"--x=${x}\"]\n  timeout: " + timeout + "\n"
                + "  env: {HF_TEST_DIR: \"" + dir + "\"}\n"
                + "search:\n  space:\n    x: {type: float, low: 0.0, high: 1.0}\n  objective: {metric: loss, direction: min}\n"
                + (pruner == null ? "" : "  pruner: " + pruner + "\n");
        Path file = dir.resolve("cmd.yaml");
        Files.writeString(file, yaml);
        return ExperimentFile.load(file);
    }

    static StudyRunner.Result tune(RunStore store, Experiment e, int trials, int workers, String name) {
        StringWriter out = new StringWriter();
        return new StudyRunner(store, new PrintWriter(out)).tune(e, new StudyRunner.Options("random", trials, workers, name, null, null,
                true, Limits.NONE));
    }

    static Map<Integer, FrozenTrial> byNumber(List<FrozenTrial> trials) {
        return trials.stream().collect(Collectors.toMap(FrozenTrial::number, t -> t));
    }

    @Test
    void theProgramGetsItsParametersAndItsOutputBecomesMetricsScoreArtifactsAndProvenance() throws IOException {
        Experiment e = experiment("""
                read json
                echo "stdin $json"
                echo "arg $1 env $HF_PARAM_X trial $HF_TRIAL_NUMBER run $HF_RUN_ID study $HF_STUDY"
                echo "HF_METRIC loss 0 0.9"
                echo "HF_METRIC loss 1 0.4"
                echo "HF_METRIC accuracy 1 0.75"
                echo "written by trial $HF_TRIAL_NUMBER" > "$HF_RUN_DIR/notes.txt"
                mkdir "$HF_RUN_DIR/sub" && echo '{"a": 1}' > "$HF_RUN_DIR/sub/result.json"
                echo 123
                """, "1m", null);
        RunStore store = new InMemoryRunStore();
        StudyRunner.Result r = tune(store, e, 2, 1, "happy");
        assertEquals(2, r.trials().size());
        FrozenTrial t = byNumber(r.trials()).get(1);
        assertEquals(TrialState.COMPLETE, t.state(), String.valueOf(t.error()));
        assertEquals(0.4, t.value(), "the objective metric's last HF_METRIC value, not the last number");
        Run run = store.run(t.id());
        assertEquals(List.of(0.9, 0.4), store.metricHistory(run.id(), "loss").stream().map(MetricPoint::value).toList());
        assertEquals(0.75, store.metricHistory(run.id(), "accuracy").get(0).value());
        Map<String, Artifact> artifacts = store.artifacts(run.id()).stream().collect(Collectors.toMap(Artifact::name, a -> a));
        assertEquals(java.util.Set.of("output.log", "notes.txt", "sub/result.json"), artifacts.keySet());
        String log = new String(store.artifactContent(artifacts.get("output.log").id()), StandardCharsets.UTF_8);
        double x = ((Number) t.params().get("x")).doubleValue();
        assertTrue(log.contains("stdin {\"x\":" + x + "}"), log);
        assertTrue(log.contains("arg --x=" + x + " env " + x + " trial 1 run " + run.id() + " study happy"), log);
        assertEquals("written by trial 1\n", new String(store.artifactContent(artifacts.get("notes.txt").id()), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> cmd = (Map<String, Object>) Json.object(run.systemAttrsJson()).get(ProgramRun.ATTRIBUTE);
        assertEquals(List.of("/bin/sh", "script.sh", "--x=" + x), cmd.get("argv"));
        assertEquals(dir.toAbsolutePath().toString(), cmd.get("working_dir"));
        assertEquals(dev.hyperforge.tracker.Hashing.sha256Hex(dir.resolve("script.sh")), cmd.get("script_sha256"));
        assertEquals(0, cmd.get("exit_code"));
        assertTrue(((Number) cmd.get("duration_s")).doubleValue() > 0);
        Provenance p = store.provenance(run.id()).orElseThrow();
        assertTrue(p.resolvedConfigJson().contains("\"script_sha256\":\"" + cmd.get("script_sha256") + "\""), p.resolvedConfigJson());
        assertEquals(CommandRuns.NO_BACKEND, p.nd4jBackend());
    }

    @Test
    void crashGarbageNanAndAMissingProgramEachFailTheirTrialWithTheReasonAndTheStudyGoesOn() throws IOException {
        Experiment e = experiment("""
                case "$HF_TRIAL_NUMBER" in
                  1) echo "loading"; echo "Traceback: boom" >&2; exit 3 ;;
                  2) echo "no numbers here"; echo "HF_METRIC loss x y" ;;
                  3) echo "HF_METRIC loss 0 nan" ;;
                  4) exec /nonexistent/program ;;
                  *) echo "HF_METRIC loss 0 $HF_PARAM_X" ;;
                esac
                """, "1m", null);
        RunStore store = new InMemoryRunStore();
        StudyRunner.Result r = tune(store, e, 3, 1, "faults");
        Map<Integer, FrozenTrial> t = byNumber(r.trials());
        assertEquals(7, r.trials().size(), "3 complete trials after 4 failed ones");
        assertEquals(3, r.trials().stream().filter(x -> x.state() == TrialState.COMPLETE).count());
        assertFailed(t.get(1), "the program exited with code 3", "Traceback: boom");
        assertFailed(t.get(2), "the program printed no score", "no numbers here");
        assertFailed(t.get(3), "the program's score is NaN", "HF_METRIC loss 0 nan");
        assertFailed(t.get(4), "the program exited with code 127", "/nonexistent/program");
        assertTrue(store.artifacts(t.get(1).id()).stream().anyMatch(a -> a.name().equals("output.log")));
    }

    @Test
    void aProgramThatCannotStartFailsItsTrial() throws IOException {
        Files.writeString(dir.resolve("cmd.yaml"), "name: cmd\ncommand: {run: [./no-such-program.sh]}\n"
                + "search:\n  space:\n    x: {type: float, low: 0.0, high: 1.0}\n  objective: {metric: loss, direction: min}\n");
        Experiment e = ExperimentFile.load(dir.resolve("cmd.yaml"));
        RunStore store = new InMemoryRunStore();
        StudyRunner.Result r = new StudyRunner(store, new PrintWriter(new StringWriter())).tune(e,
                new StudyRunner.Options("random", 1, 1, "missing", null, java.time.Duration.ofSeconds(30), true, Limits.NONE));
        FrozenTrial t = r.trials().get(0);
        assertFailed(t, "the program could not be started", "no-such-program.sh");
    }

    @Test
    void aProgramThatHangsIsStoppedAtItsTimeoutAndFailsItsTrial() throws IOException {
        Experiment e = experiment("""
                if [ "$HF_TRIAL_NUMBER" = 0 ]; then echo "waiting forever"; sleep 300; fi
                echo "HF_METRIC loss 0 0.5"
                """, "500ms", null);
        StudyRunner.Result r = tune(new InMemoryRunStore(), e, 2, 1, "hang");
        Map<Integer, FrozenTrial> t = byNumber(r.trials());
        assertFailed(t.get(0), "the program timed out after 500ms", "waiting forever");
        assertEquals(TrialState.COMPLETE, t.get(1).state());
        assertEquals(TrialState.COMPLETE, t.get(2).state());
    }

    @Test
    void aHundredMegabytesOfOutputAreKeptWithBoundedMemory() throws IOException {
        Experiment e = experiment("""
                if [ "$HF_TRIAL_NUMBER" = 0 ]; then yes 'a line of output' | head -c 100000000; echo; echo "HF_METRIC loss 0 0.25"; exit 0; fi
                echo "HF_METRIC loss 0 0.5"
                """, "5m", null);
        RunStore store = new InMemoryRunStore();
        StudyRunner.Result r = tune(store, e, 1, 1, "big");
        FrozenTrial t = byNumber(r.trials()).get(0);
        assertEquals(TrialState.COMPLETE, t.state(), String.valueOf(t.error()));
        assertEquals(0.25, t.value());
        Artifact log = store.artifacts(t.id()).stream().filter(a -> a.name().equals("output.log")).findFirst().orElseThrow();
        byte[] kept = store.artifactContent(log.id());
        assertTrue(kept.length < 2 * Artifacts.LOG_HALF + 1000, "the stored log is bounded: " + kept.length + " bytes");
        String text = new String(kept, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("a line of output\n") && text.endsWith("HF_METRIC loss 0 0.25\n"), "head and tail kept");
        assertTrue(text.contains(" bytes left out; the whole output is "), "the cut is marked");
    }

    private static void assertFailed(FrozenTrial t, String reason, String outputTail) {
        assertEquals(TrialState.FAILED, t.state(), "trial " + t.number());
        assertTrue(t.error().startsWith(reason), t.error());
        assertTrue(t.error().contains(outputTail), t.error());
        assertFalse(t.error().contains("\tat "), "no stack trace: " + t.error());
    }
}
