package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the only process writing to an embedded file database, 20 times at random moments while it
 * writes metric batches: the database opens every time (schema validated by Flyway), every COMPLETE trial has
 * its parameter, its value and all of its metric points, no run holds part of a batch, and every trial the
 * writer saw committed is there (the crash-safety settings of {@code Database.withH2Defaults}; without them H2
 * lost the last commits, and in 2 of 4 runs a file it could not open again).
 */
class CrashDuringWriteTest {
    private static final int KILLS = 20;
    private static final int PER_RUN = CrashingWriterMain.BATCHES * CrashingWriterMain.POINTS;

    @TempDir
    Path dir;

    @Test
    void theDatabaseOpensAfterEveryKillAndEveryCompleteTrialIsIntact() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("crash") + ";AUTO_SERVER=FALSE";
        Random random = new Random(8);
        Set<Integer> reported = new HashSet<>();
        int checked = 0;
        for (int i = 0; i < KILLS; i++) {
            Path log = dir.resolve("writer-" + i + ".log");
            Process p = new ProcessBuilder(javaBin(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                    System.getProperty("java.class.path"), CrashingWriterMain.class.getName(), url, "crash")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitReady(p, log, i);
            if (i % 4 == 0) {
                // Every fourth writer first commits a trial, so the check below has COMPLETE trials however slow
                // a loaded machine makes the writers; the others die at a random moment after opening.
                awaitLine(p, log, "COMPLETE ", i);
            }
            Thread.sleep(50 + random.nextInt(350));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Files.readAllLines(log).stream().filter(l -> l.startsWith("COMPLETE "))
                    .forEach(l -> reported.add(Integer.parseInt(l.substring(9))));
            checked += check(url, i);
        }
        Set<Integer> stored = completeNumbers(url);
        Set<Integer> lost = new HashSet<>(reported);
        lost.removeAll(stored);
        System.out.printf("%d kills: %d COMPLETE trials at the end (%d checks of a COMPLETE trial); %d of the %d trials the writers"
                + " saw committed were not on disk after the kill%n", KILLS, stored.size(), checked, lost.size(), reported.size());
        assertTrue(stored.size() > 0);
        assertEquals(Set.of(), lost, "committed trials lost");
    }

    private static void awaitLine(Process p, Path log, String prefix, int i) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.readAllLines(log).stream().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("writer " + i + " wrote no '" + prefix + "' line within 60 s:\n" + Files.readString(log));
    }

    private static void awaitReady(Process p, Path log, int i) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log);
            // a line of its own: a logging library may write a warning first (SLF4J without a provider does)
            if (out.startsWith("READY\n") || out.contains("\nREADY\n")) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("writer " + i + " could not open the database:\n" + out);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("writer " + i + " did not open the database within 60 s:\n" + Files.readString(log));
    }

    /** Opens the database and checks every run; returns the number of COMPLETE runs. */
    private static int check(String url, int kill) {
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.findStudyRecord("crash").orElseThrow();
            List<Run> runs = store.listRuns(study.id(), EnumSet.allOf(TrialState.class));
            int complete = 0;
            for (Run r : runs) {
                List<MetricPoint> loss = store.metricHistory(r.id(), "loss");
                assertEquals(0, loss.size() % CrashingWriterMain.POINTS, "kill " + kill + ": run " + r.number() + " holds part of a batch");
                if (r.state() == TrialState.COMPLETE) {
                    complete++;
                    assertEquals((double) r.number(), r.value());
                    assertEquals((long) r.number(), r.param("n"));
                    assertEquals(PER_RUN, loss.size(), "kill " + kill + ": trial " + r.number() + " has all its points");
                    assertEquals(PER_RUN - 1, r.lastMetrics().get("loss").step());
                } else {
                    assertEquals(TrialState.RUNNING, r.state());
                }
            }
            return complete;
        }
    }

    private static Set<Integer> completeNumbers(String url) {
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            Set<Integer> out = new HashSet<>();
            store.listRuns(store.findStudyRecord("crash").orElseThrow().id(), EnumSet.of(TrialState.COMPLETE)).forEach(r -> out.add(r.number()));
            return out;
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
