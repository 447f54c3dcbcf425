package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StoreException;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each store call is one transaction: when the database rejects the last statement of a call, nothing of the
 * call remains. The failure is provoked with CHECK constraints added to the test database (not to the schema):
 * a value the constraint forbids makes the database fail the call after its first statements have run.
 */
class AtomicWritesTest {
    private static final double FORBIDDEN = 666.0;

    @TempDir
    Path dir;

    @Test
    void anH2FileDatabaseKeepsNothingOfAFailedCall() throws Exception {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("atomic") + ";AUTO_SERVER=FALSE")) {
            failedCallsLeaveNothing(db);
        }
    }

    @Test
    void aPostgresDatabaseKeepsNothingOfAFailedCall() throws Exception {
        try (PgSupport.Schema schema = PgSupport.freshSchema(); Database db = Database.open(schema.url())) {
            failedCallsLeaveNothing(db);
        }
    }

    private static void failedCallsLeaveNothing(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE metric_latest ADD CONSTRAINT test_crash_latest CHECK (metric_value <> " + FORBIDDEN + ")");
            s.execute("ALTER TABLE run_provenance ADD CONSTRAINT test_crash_host CHECK (host_name <> 'crash-host')");
            s.execute("ALTER TABLE run_param ADD CONSTRAINT test_crash_param CHECK (string_value IS NULL OR string_value <> 'crash')");
        }
        JdbcRunStore store = new JdbcRunStore(db);
        StudyRecord study = store.createOrGetStudy(new StudySpec("atomic", Direction.MINIMIZE, "random", "{}", 1));
        Provenance crashing = Provenance.builder(TestFixtures.ENV).experimentFile("model: dense\n").resolvedConfig("{}")
                .seed("study", 1).dataFingerprint(TestFixtures.provenance().dataSha256()).nd4j("CPU", "linux-x86_64")
                .threads("nd4j.omp", 1).hostName("crash-host").build();

        // startRun: the trial number is claimed and the run row inserted before the provenance insert fails
        assertThrows(StoreException.class, () -> store.startRun(study.id(), crashing));
        assertTrue(store.listRuns(study.id(), Set.of()).isEmpty());
        Run run = store.startRun(study.id(), TestFixtures.provenance());
        assertEquals(0, run.number(), "the failed call's trial number was given back");

        // logMetrics: 1200 points are inserted (two statements) before metric_latest rejects the last value
        List<MetricPoint> batch = new ArrayList<>(IntStream.range(0, 1199)
                .mapToObj(i -> new MetricPoint("loss", i, 1.0, Instant.EPOCH)).toList());
        batch.add(new MetricPoint("loss", 1199, FORBIDDEN, Instant.EPOCH));
        assertThrows(StoreException.class, () -> store.logMetrics(run.id(), batch));
        assertTrue(store.metricHistory(run.id(), "loss").isEmpty());
        assertTrue(store.run(run.id()).lastMetrics().isEmpty());

        // setParams: two params are written before the third is rejected
        assertThrows(StoreException.class, () -> store.setParams(run.id(), List.of(ParamValue.ofFloat("a", 1, "{}"),
                ParamValue.ofInt("b", 2, "{}"), ParamValue.ofString("c", "crash", "{}"))));
        assertTrue(store.run(run.id()).params().isEmpty());

        // claimWaiting: the trial is switched to RUNNING before its provenance is rejected; it stays WAITING
        Run waiting = store.enqueueTrial(study.id(), List.of(ParamValue.ofFloat("a", 1, "{}")), "{}");
        assertThrows(StoreException.class, () -> store.claimWaiting(study.id(), crashing));
        Run still = store.run(waiting.id());
        assertEquals(TrialState.WAITING, still.state());
        assertEquals(null, still.startedAt());
        assertTrue(store.provenance(waiting.id()).isEmpty());

        // and the store keeps working normally afterwards
        store.logMetrics(run.id(), List.of(new MetricPoint("loss", 0, 0.5, Instant.EPOCH)));
        assertEquals(1, store.metricHistory(run.id(), "loss").size());
        assertEquals(waiting.id(), store.claimWaiting(study.id(), TestFixtures.provenance()).orElseThrow().id());
    }
}
