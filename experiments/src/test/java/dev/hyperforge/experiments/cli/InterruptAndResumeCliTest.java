package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * {@code hf tune} stopped by a signal (SIGTERM, what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks)
 * in the middle of a trial marks that trial FAILED with the reason, and the same command run again resumes the
 * study: finished trials are kept and never re-run, and the budget is completed. The first run is a separate
 * JVM so that it can be signalled. {@code hf train} stopped the same way marks its run FAILED.
 */
class InterruptAndResumeCliTest {
    @Test
    void aStoppedStudyResumesWhereItStopped(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        List<String> tune = List.of("tune", Cli.shipped("callbacks-and-bn"), "--sampler", "random", "--trials", "3", "--epochs", "8",
                "--limit-samples", "1500", "--study", "stopped", "--db", db);
        Process p = hf(dir, tune);
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    seen.append(line).append('\n');
                }
            } catch (java.io.IOException e) {
                seen.append(e);
            }
        });
        reader.start();
        // the second trial (run 2) has checkpointed its first epoch: it is training, with epochs to go
        Path secondTrialCheckpoint = dir.resolve("runs/stopped/run-2/best-model.zip");
        for (int i = 0; i < 4800 && !java.nio.file.Files.exists(secondTrialCheckpoint) && p.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive() && java.nio.file.Files.exists(secondTrialCheckpoint), "the second trial should be training: " + seen);
        p.destroy(); // SIGTERM while the second trial trains
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the stopped process should exit: " + seen);
        reader.join(10_000);
        assertTrue(seen.toString().contains("trial 1/3"), seen.toString());

        List<Run> before = runs(db);
        assertEquals(2, before.size(), "one finished and one interrupted trial: " + before);
        assertEquals(TrialState.COMPLETE, before.get(0).state(), before.toString());
        assertEquals(TrialState.FAILED, before.get(1).state(), before.toString());
        assertTrue(String.valueOf(before.get(1).error()).startsWith(GracefulStop.REASON), before.toString());

        // a FAILED trial frees its slot in the budget: the resumed study runs two more to reach 3 COMPLETE
        Cli.Result resumed = Cli.run(tune.toArray(new String[0]));
        assertEquals(0, resumed.code(), resumed.toString());
        assertTrue(resumed.out().contains("1 of 3 trials finished"), resumed.toString());
        List<Run> after = runs(db);
        assertEquals(4, after.size(), after.toString());
        assertEquals(before.get(0).finishedAt(), after.get(0).finishedAt(), "the finished trial is not re-run");
        assertEquals(TrialState.FAILED, after.get(1).state(), after.toString());
        assertEquals(TrialState.COMPLETE, after.get(2).state(), after.toString());
        assertEquals(TrialState.COMPLETE, after.get(3).state(), after.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "URL options [{0}]")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", ";AUTO_SERVER=TRUE"})
    void aStoppedTrainRunIsMarkedFailed(String urlOptions, @TempDir Path dir) throws Exception {
        // ";AUTO_SERVER=TRUE" is the default URL's mode, in which H2 closes the file from its own exit hook
        String db = "jdbc:h2:file:" + dir.resolve("db") + urlOptions;
        Process p = hf(dir, List.of("train", Cli.shipped("callbacks-and-bn"), "--epochs", "8", "--limit-samples", "1500", "--quiet", "--db", db));
        Path firstCheckpoint = dir.resolve("runs/callbacks-and-bn-train/run-1/best-model.zip");
        for (int i = 0; i < 2400 && !java.nio.file.Files.exists(firstCheckpoint) && p.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive() && java.nio.file.Files.exists(firstCheckpoint), "the run should be training, past its first epoch");
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the stopped process should exit");
        assertEquals(128 + 15, p.exitValue(), "exit status of a process ended by SIGTERM");
        List<Run> runs = runs(db);
        assertEquals(1, runs.size(), runs.toString());
        assertEquals(TrialState.FAILED, runs.get(0).state(), runs.toString());
        assertTrue(String.valueOf(runs.get(0).error()).startsWith(GracefulStop.REASON), runs.toString());
    }

    @Test
    void aTrainRunKilledWithSigkillIsFailedByTheNextCommandOnceItsHeartbeatIsStale(@TempDir Path dir) throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        Duration heartbeat = Duration.ofMillis(200);
        Process p = hf(dir, List.of("train", Cli.shipped("callbacks-and-bn"), "--epochs", "8", "--limit-samples", "1500", "--quiet",
                "--heartbeat", "200ms", "--db", db));
        Path firstCheckpoint = dir.resolve("runs/callbacks-and-bn-train/run-1/best-model.zip");
        for (int i = 0; i < 2400 && !java.nio.file.Files.exists(firstCheckpoint) && p.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive() && java.nio.file.Files.exists(firstCheckpoint), "the run should be training, past its first epoch");
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs, the run stays RUNNING in the database
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed process should exit");
        Thread.sleep(dev.hyperforge.search.Study.staleAfterFor(heartbeat).plusSeconds(1).toMillis());
        Cli.Result later = Cli.run("studies", "--db", db);
        assertEquals(0, later.code(), later.toString());
        List<Run> runs = runs(db);
        assertEquals(1, runs.size(), runs.toString());
        Run killed = runs.get(0);
        assertEquals(TrialState.FAILED, killed.state(), runs.toString());
        assertTrue(String.valueOf(killed.error()).startsWith("no heartbeat for more than PT5.2S"), killed.error());
        assertTrue(Duration.between(killed.heartbeatAt(), killed.finishedAt()).compareTo(Duration.ofMillis(5200)) >= 0,
                "failed only once its heartbeat was stale: " + killed);
        assertTrue(later.err().contains("run 1 (trial 0 of study") && later.err().contains("marked FAILED"), later.toString());
    }

    /** {@code hf ARGS} in a separate JVM, writing run directories under {@code dir}. */
    private static Process hf(Path dir, List<String> args) throws java.io.IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dhf.runs=" + dir, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static List<Run> runs(String db) {
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            long study = store.listStudies().get(0).study().id();
            return store.listRuns(study, EnumSet.allOf(TrialState.class));
        }
    }
}
