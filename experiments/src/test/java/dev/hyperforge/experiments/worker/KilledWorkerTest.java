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
 * the trial RUNNING until another worker finds its heartbeat stale (older than {@link StudySettings#staleAfter()})
 * and fails and re-queues it; the study still completes its budget and no COMPLETE trial is lost. (SIGTERM:
 * {@link TrialLoopPoliciesTest}.)
 */
class KilledWorkerTest {
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void aKilledWorkersTrialIsFailedOnceItsHeartbeatIsStaleAndTheBudgetIsStillCompleted() throws Exception {
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
            Duration silence = Duration.between(failed.heartbeatAt(), failed.finishedAt());
            Duration staleAfter = new StudySettings(1, HEARTBEAT, true, 0, null).staleAfter();
            assertTrue(silence.compareTo(staleAfter) >= 0, "reaped after " + silence + " of silence, before " + staleAfter);
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
                String w = r.tags().get(SharedStudy.WORKER_TAG);
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
