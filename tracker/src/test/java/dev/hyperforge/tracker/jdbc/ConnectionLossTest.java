package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StoreException;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing the H2 TCP server (or the connection to PostgreSQL, cut by a loopback proxy) mid-study: transactions wait with back-off and go through once the server is back,
 * the outage is reported once when lost and once when restored, and nothing is lost or duplicated; an outage
 * longer than the retry time fails with a message that says so.
 */
class ConnectionLossTest {
    @TempDir
    Path dir;

    @Test
    void writesDuringAnOutageWaitAndLandOnceTheServerIsBack() throws Exception {
        int port = freePort();
        H2Server server = H2Server.start(dir, port, false);
        List<String> reports = Collections.synchronizedList(new ArrayList<>());
        try (Database db = Database.open(server.url("outage"))) {
            db.connectionWatch().maxOutage(Duration.ofSeconds(60)).listener(reports::add);
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.createOrGetStudy(new StudySpec("s", Direction.MINIMIZE, "random", "{}", 1));
            Run run = store.startRun(study.id(), TestFixtures.provenance());
            store.logMetrics(run.id(), points(0, 10));
            server.stop();
            CompletableFuture<Run> pending = CompletableFuture.supplyAsync(() -> {
                store.logMetrics(run.id(), points(10, 10));
                store.heartbeat(run.id());
                return store.finishRun(run.id(), TrialState.COMPLETE, 0.5, null);
            });
            Thread.sleep(1500);
            assertFalse(pending.isDone(), "the write waits for the server");
            assertTrue(db.connectionWatch().isDown());
            server = H2Server.start(dir, port, false);
            Run done = pending.get(60, TimeUnit.SECONDS);
            assertEquals(TrialState.COMPLETE, done.state());
            assertEquals(20, store.metricHistory(run.id(), "loss").size(), "no point lost or written twice");
            assertFalse(db.connectionWatch().isDown());
            assertEquals(1, db.connectionWatch().outages());
            assertEquals(2, reports.size(), reports.toString());
            assertTrue(reports.get(0).startsWith("database connection lost"), reports.toString());
            assertTrue(reports.get(1).startsWith("database connection restored"), reports.toString());
        } finally {
            server.stop();
        }
    }

    @Test
    void writesDuringAPostgresOutageWaitAndLandOnceItIsBack() throws Exception {
        try (PgSupport.Schema schema = PgSupport.freshSchema()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("//([^/:]+):(\\d+)/").matcher(schema.url());
            assertTrue(m.find(), schema.url());
            try (TcpProxy proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
                String url = schema.url().replace(m.group(0), "//127.0.0.1:" + proxy.port() + "/");
                List<String> reports = Collections.synchronizedList(new ArrayList<>());
                try (Database db = Database.open(url)) {
                    db.connectionWatch().maxOutage(Duration.ofSeconds(60)).listener(reports::add);
                    JdbcRunStore store = new JdbcRunStore(db);
                    StudyRecord study = store.createOrGetStudy(new StudySpec("s", Direction.MINIMIZE, "random", "{}", 1));
                    Run run = store.startRun(study.id(), TestFixtures.provenance());
                    store.logMetrics(run.id(), points(0, 10));
                    proxy.cut();
                    CompletableFuture<Run> pending = CompletableFuture.supplyAsync(() -> {
                        store.logMetrics(run.id(), points(10, 10));
                        return store.finishRun(run.id(), TrialState.COMPLETE, 0.5, null);
                    });
                    Thread.sleep(1500);
                    assertFalse(pending.isDone(), "the write waits for the database");
                    proxy.resume();
                    assertEquals(TrialState.COMPLETE, pending.get(60, TimeUnit.SECONDS).state());
                    assertEquals(20, store.metricHistory(run.id(), "loss").size(), "no point lost or written twice");
                    assertTrue(reports.size() == 2 && reports.get(0).startsWith("database connection lost")
                            && reports.get(1).startsWith("database connection restored"), reports.toString());
                }
            }
        }
    }

    @Test
    void anOutageLongerThanTheRetryTimeFailsWithAClearMessage() throws Exception {
        H2Server server = H2Server.start(dir, 0, false);
        try (Database db = Database.open(server.url("gone"))) {
            db.connectionWatch().maxOutage(Duration.ofSeconds(1)).listener(m -> { });
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.createOrGetStudy(new StudySpec("s", Direction.MINIMIZE, "random", "{}", 1));
            server.stop();
            long t0 = System.nanoTime();
            StoreException e = assertThrows(StoreException.class, () -> store.startRun(study.id(), TestFixtures.provenance()));
            assertTrue(e.getMessage().contains("was not restored within 1 s"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
        } finally {
            server.stop();
        }
    }

    @Test
    void embeddedDatabasesAreNotRetried() {
        try (Database db = Database.open("jdbc:h2:mem:embedded-" + System.nanoTime())) {
            JdbcRunStore store = new JdbcRunStore(db);
            db.close();
            assertThrows(RuntimeException.class, () -> store.findStudyRecord("s"));
        }
    }

    private static List<MetricPoint> points(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> new MetricPoint("loss", i, 1.0 / (i + 1), Instant.now())).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
