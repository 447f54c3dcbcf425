package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.H2Server;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * Workers that die or are stopped: {@code kill -9} of one of three worker JVMs in the middle of a trial leaves
 * the trial RUNNING until another worker finds its heartbeat stale and fails it (within two heartbeat
 * intervals) and re-queues it; the study still completes its budget and no COMPLETE trial is lost. SIGTERM makes
 * a worker fail its running trial with the reason and exit.
 */
class KilledWorkerTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aKilledWorkersTrialIsFailedWithinTwoHeartbeatsAndTheBudgetIsStillCompleted() throws Exception {
        try (H2Server server = H2Server.start(dir, 0, false); Database db = Database.open(server.url("kill"))) {
            String url = server.url("kill");
            WorkerJvms.runHere("tune", WorkerJvms.shipped("sequential-vs-functional"), "--study", "kill", "--trials", "12",
                    "--heartbeat", "1s", "--retry-stale", "--setup-only", "--db", url);
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.findStudyRecord("kill").orElseThrow();
            List<Process> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                workers.add(WorkerJvms.start(dir.resolve("w" + w + ".log"), "worker", "--study", "kill", "--db", url, "--quiet"));
            }
            Process victim = workers.get(0);
            Run target = awaitMidTrial(store, study.id(), victim.pid(), 2);
            Map<Long, Double> completeBefore = complete(store, study.id());
            assertTrue(completeBefore.size() >= 2);
            Instant killedAt = Instant.now();
            victim.destroyForcibly();
            victim.waitFor(30, TimeUnit.SECONDS);
            Run failed = awaitFinished(store, target.id());
            Duration recovery = Duration.between(killedAt, failed.finishedAt());
            System.out.printf("killed worker's trial #%d FAILED %d ms after kill -9 (heartbeat %d ms)%n", failed.number(),
                    recovery.toMillis(), HEARTBEAT.toMillis());
            assertEquals(TrialState.FAILED, failed.state());
            assertTrue(failed.error().contains("no heartbeat"), failed.error());
            assertTrue(recovery.compareTo(HEARTBEAT.multipliedBy(2)) <= 0, "recovered in " + recovery);
            for (int w = 1; w < 3; w++) {
                Process p = workers.get(w);
                assertTrue(p.waitFor(3, TimeUnit.MINUTES), "worker " + w + " hung");
                assertEquals(0, p.exitValue(), WorkerJvms.read(dir.resolve("w" + w + ".log")));
            }
            List<Run> runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            assertEquals(12, runs.stream().filter(r -> r.state() == TrialState.COMPLETE).count(),
                    runs.stream().collect(Collectors.groupingBy(Run::state, Collectors.counting())).toString());
            Map<Long, Double> completeAfter = complete(store, study.id());
            completeBefore.forEach((id, value) -> assertEquals(value, completeAfter.get(id), "COMPLETE trial " + id + " kept"));
            Optional<Run> retry = runs.stream().filter(r -> r.systemAttrsJson().contains("\"retried_from\":" + failed.number())).findFirst();
            assertTrue(retry.isPresent(), "the killed trial was re-queued");
            assertEquals(TrialState.COMPLETE, retry.get().state());
            assertEquals(failed.params(), retry.get().params(), "re-run with the same parameters");
        }
    }

    @Test
    void sigtermFailsTheRunningTrialWithTheReasonAndTheWorkerExits() throws Exception {
        try (H2Server server = H2Server.start(dir, 0, false); Database db = Database.open(server.url("term"))) {
            String url = server.url("term");
            WorkerJvms.runHere("tune", WorkerJvms.resource("long-trials"), "--study", "term", "--trials", "3", "--heartbeat", "1s",
                    "--setup-only", "--db", url);
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.findStudyRecord("term").orElseThrow();
            Path log = dir.resolve("term.log");
            Process worker = WorkerJvms.start(log, "worker", "--study", "term", "--db", url);
            Run running = awaitMidTrial(store, study.id(), worker.pid(), 0);
            worker.destroy();
            assertTrue(worker.waitFor(60, TimeUnit.SECONDS), "the worker stops after SIGTERM");
            Run stopped = store.run(running.id());
            assertEquals(TrialState.FAILED, stopped.state(), WorkerJvms.read(log));
            assertTrue(stopped.error().startsWith(GracefulStop.REASON), stopped.error());
            assertTrue(stopped.error().contains("during batch"), stopped.error());
            assertEquals(0, store.listRuns(study.id(), EnumSet.of(TrialState.RUNNING)).size(), "nothing left RUNNING");
        }
    }

    @Test
    void sigtermOfTuneOnTheEmbeddedDatabaseRecordsTheReasonToo() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("embedded") + ";AUTO_SERVER=FALSE";
        Path log = dir.resolve("tune.log");
        Process tune = WorkerJvms.start(log, "tune", WorkerJvms.resource("long-trials"), "--study", "e", "--trials", "2", "--db", url);
        Path marker = dir.resolve("embedded.mv.db");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!WorkerJvms.read(log).contains("study 'e'") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(1500);
        assertTrue(java.nio.file.Files.exists(marker), WorkerJvms.read(log));
        tune.destroy();
        assertTrue(tune.waitFor(60, TimeUnit.SECONDS), "tune stops after SIGTERM");
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            List<Run> runs = store.listRuns(store.findStudyRecord("e").orElseThrow().id(), EnumSet.allOf(TrialState.class));
            assertEquals(1, runs.size(), runs.toString());
            assertEquals(TrialState.FAILED, runs.get(0).state(), WorkerJvms.read(log));
            assertTrue(runs.get(0).error().startsWith(GracefulStop.REASON), runs.get(0).error());
        }
    }

    /**
     * Waits until the process runs a trial that has logged metrics (so it is in the middle of training) and the
     * study has at least {@code minComplete} COMPLETE trials.
     */
    private static Run awaitMidTrial(JdbcRunStore store, long studyId, long pid, int minComplete) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (store.listRuns(studyId, EnumSet.of(TrialState.COMPLETE)).size() < minComplete) {
                Thread.sleep(20);
                continue;
            }
            for (Run r : store.listRuns(studyId, EnumSet.of(TrialState.RUNNING))) {
                String w = r.tags().get(Worker.WORKER_TAG);
                if (w != null && w.endsWith(":" + pid) && !r.lastMetrics().isEmpty()) {
                    return r;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + pid + " never got into a trial");
    }

    private static Run awaitFinished(JdbcRunStore store, long runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Run r = store.run(runId);
            if (r.state() != TrialState.RUNNING) {
                assertNotNull(r.finishedAt());
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("trial " + runId + " is still RUNNING 30 s after its worker was killed");
    }

    private static Map<Long, Double> complete(JdbcRunStore store, long studyId) {
        return store.listRuns(studyId, EnumSet.of(TrialState.COMPLETE)).stream().collect(Collectors.toMap(Run::id, Run::value));
    }
}
