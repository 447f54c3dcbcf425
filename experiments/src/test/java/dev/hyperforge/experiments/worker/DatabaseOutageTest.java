package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.experiments.cli.Main;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.H2Server;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The H2 server goes away for three seconds in the middle of {@code hf tune --workers 2}: the command reports
 * the lost connection and its return, retries with back-off, and finishes the study with every trial COMPLETE
 * and every epoch's metric points stored once.
 */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    @Test
    void tuneSurvivesTheServerGoingAwayAndComingBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        H2Server server = H2Server.start(dir, port, false);
        String url = server.url("outage");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            CompletableFuture<Integer> tune = CompletableFuture.supplyAsync(() -> Main.execute(new PrintWriter(out), new PrintWriter(err),
                    "tune", WorkerJvms.shipped("sequential-vs-functional"), "--study", "o", "--trials", "16", "--workers", "2",
                    "--epochs", "4", "--limit-samples", "64", "--heartbeat", "1s", "--db", url));
            awaitComplete(url, 3);
            server.stop();
            Thread.sleep(3000);
            server = H2Server.start(dir, port, false);
            int code = tune.get(3, TimeUnit.MINUTES);
            assertEquals(0, code, out + "\n" + err);
        } finally {
            server.stop();
        }
        String errors = err.toString();
        assertTrue(errors.contains("hf: database connection lost"), errors);
        assertTrue(errors.contains("hf: database connection restored"), errors);
        H2Server again = H2Server.start(dir, port, false);
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            List<Run> runs = store.listRuns(store.findStudyRecord("o").orElseThrow().id(), EnumSet.allOf(TrialState.class));
            assertEquals(16, runs.stream().filter(r -> r.state() == TrialState.COMPLETE).count(), errors + "\n" + out + "\n" + runs);
            for (Run r : runs.stream().filter(x -> x.state() == TrialState.COMPLETE).toList()) {
                List<MetricPoint> loss = store.metricHistory(r.id(), "loss");
                assertEquals(List.of(0L, 1L, 2L, 3L), loss.stream().map(MetricPoint::step).toList(), "trial " + r.number());
            }
        } finally {
            again.stop();
        }
    }

    private static void awaitComplete(String url, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            while (System.nanoTime() < deadline) {
                var study = store.findStudyRecord("o");
                if (study.isPresent() && store.listRuns(study.get().id(), EnumSet.of(TrialState.COMPLETE)).size() >= n) {
                    return;
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the study never got " + n + " COMPLETE trials");
    }
}
