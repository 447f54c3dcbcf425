package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.H2Server;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * Four {@code hf worker} JVMs share one study of 40 short trials (the S4 experiment, 2 epochs on 32 samples)
 * through an H2 server, and through PostgreSQL: exactly 40 trials COMPLETE, no trial number twice, every
 * metric point of every epoch of every COMPLETE trial stored, and the trials run here add up.
 */
class WorkerJvmTest {
    private static final int WORKERS = 4;
    private static final int TRIALS = 40;
    private static final int EPOCHS = 2;

    @TempDir
    Path dir;

    @Test
    void fourWorkerJvmsOnOneH2ServerRunExactlyTheBudget() throws Exception {
        try (H2Server server = H2Server.start(dir, 0, false)) {
            runAndCheck(server.url("shared"));
        }
    }

    @Test
    void fourWorkerJvmsOnPostgresRunExactlyTheBudget() throws Exception {
        try (WorkerJvms.PgSchema schema = WorkerJvms.freshPgSchema()) {
            runAndCheck(schema.url());
        }
    }

    private void runAndCheck(String url) throws Exception {
        WorkerJvms.runHere("tune", WorkerJvms.shipped("sequential-vs-functional"), "--study", "four", "--trials", "" + TRIALS,
                "--epochs", "" + EPOCHS, "--limit-samples", "32", "--heartbeat", "1s", "--setup-only", "--db", url);
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < WORKERS; w++) {
            Path log = dir.resolve("worker-" + w + ".log");
            logs.add(log);
            workers.add(WorkerJvms.start(log, "worker", "--study", "four", "--db", url, "--quiet"));
        }
        int ranHere = 0;
        for (int w = 0; w < WORKERS; w++) {
            Process p = workers.get(w);
            boolean exited = p.waitFor(4, TimeUnit.MINUTES);
            if (!exited) {
                workers.forEach(Process::destroyForcibly);
            }
            String out = WorkerJvms.read(logs.get(w));
            assertTrue(exited && p.exitValue() == 0, "worker " + w + " failed or hung:\n" + out);
            assertTrue(out.contains("worker done: the study has its " + TRIALS + " trials"), out);
            Matcher m = Pattern.compile("; (\\d+) trial\\(s\\) run here").matcher(out);
            assertTrue(m.find(), out);
            ranHere += Integer.parseInt(m.group(1));
        }
        System.out.printf("%d worker JVMs, %d trials: %.1f s%n", WORKERS, TRIALS, (System.nanoTime() - t0) / 1e9);
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.findStudyRecord("four").orElseThrow();
            List<Run> runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            List<Run> complete = runs.stream().filter(r -> r.state() == TrialState.COMPLETE).toList();
            assertEquals(TRIALS, complete.size(), "states: " + runs.stream().collect(Collectors.groupingBy(Run::state, Collectors.counting())));
            assertEquals(runs.size(), runs.stream().map(Run::number).distinct().count(), "no trial number twice");
            assertEquals(runs.size(), ranHere, "every trial was run by exactly one worker");
            for (Run r : complete) {
                assertTrue(r.lastMetrics().containsKey("val_loss"), r.lastMetrics().toString());
                for (Map.Entry<String, MetricPoint> e : r.lastMetrics().entrySet()) {
                    List<MetricPoint> history = store.metricHistory(r.id(), e.getKey());
                    assertEquals(List.of(0L, 1L), history.stream().map(MetricPoint::step).toList(),
                            "every epoch's point of " + e.getKey() + " in trial " + r.number());
                }
            }
            long workerCount = runs.stream().map(r -> r.tags().get(SharedStudy.WORKER_TAG)).distinct().count();
            System.out.printf("trials per worker: %s%n", runs.stream().collect(Collectors.groupingBy(r -> r.tags().get(SharedStudy.WORKER_TAG),
                    Collectors.counting())));
            assertTrue(workerCount >= 2, "the trials were shared by the workers");
        }
    }
}
