package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two separate JVM processes, two threads each, write trials of one study at once through a shared database
 * (H2 server mode; the default embedded H2 file in automatic mixed mode, which this JVM opened first and the two
 * reach through the port it serves; PostgreSQL): no duplicate trial numbers, no lost metric points, no deadlock.
 */
class MultiProcessConcurrencyTest {
    private static final int PROCESSES = 2;
    private static final int THREADS = 2;
    private static final int TRIALS = 5;
    private static final int BATCHES = 4;
    private static final int POINTS = 50;

    @TempDir
    Path dir;

    @Test
    void twoProcessesSharingAnH2ServerLoseNothing() throws Exception {
        try (H2Server server = H2Server.start(dir, 0, false)) {
            writeFromTwoProcessesAndCheck(server.url("shared"));
        }
    }

    @Test
    void twoProcessesSharingTheDefaultEmbeddedFileInMixedModeLoseNothing() throws Exception {
        String url = Database.DEFAULT_URL.replace("./hyperforge", dir.resolve("mixed").toString());
        writeFromTwoProcessesAndCheck(url);
    }

    @Test
    void twoProcessesSharingPostgresLoseNothing() throws Exception {
        try (PgSupport.Schema schema = PgSupport.freshSchema()) {
            writeFromTwoProcessesAndCheck(schema.url());
        }
    }

    private void writeFromTwoProcessesAndCheck(String url) throws Exception {
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.createOrGetStudy(new StudySpec("shared", Direction.MINIMIZE, "random", "{}", 1));
            List<Process> processes = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                Path log = dir.resolve("worker-" + p + ".log");
                logs.add(log);
                processes.add(new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                        ConcurrentWriterMain.class.getName(), url, "shared", "p" + p, Integer.toString(THREADS),
                        Integer.toString(TRIALS), Integer.toString(BATCHES), Integer.toString(POINTS))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            for (int p = 0; p < PROCESSES; p++) {
                Process proc = processes.get(p);
                boolean exited = proc.waitFor(5, TimeUnit.MINUTES);
                if (!exited) {
                    proc.destroyForcibly();
                }
                String out = Files.readString(logs.get(p));
                assertTrue(exited && proc.exitValue() == 0, "worker " + p + " failed or hung:\n" + out);
                assertTrue(out.contains("DONE " + THREADS * TRIALS), out);
            }
            int expected = PROCESSES * THREADS * TRIALS;
            List<Run> runs = store.listRuns(study.id(), Set.of());
            assertEquals(expected, runs.size());
            assertEquals(IntStream.range(0, expected).boxed().collect(Collectors.toSet()),
                    runs.stream().map(Run::number).collect(Collectors.toSet()));
            assertTrue(runs.stream().allMatch(r -> r.state() == TrialState.COMPLETE));
            assertEquals(PROCESSES * THREADS, runs.stream().map(r -> r.param("worker")).distinct().count());
            assertEquals((long) expected * BATCHES * POINTS, countMetricPoints(db, study.id()));
            for (Run r : runs) {
                assertEquals(BATCHES * POINTS - 1, r.lastMetrics().get("loss").step());
            }
        }
    }

    private static long countMetricPoints(Database db, long studyId) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM metric m JOIN run r ON r.id = m.run_id WHERE r.study_id = ?")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
