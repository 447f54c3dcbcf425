package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database created by schema version 1 and filled with data is upgraded to the latest version intact. */
class MigrationUpgradeTest {
    private static final String EXPERIMENT = "model: dense\n";

    @TempDir
    Path dir;

    @Test
    void anH2FileDatabaseCreatedAtVersion1IsUpgradedWithItsDataIntact() throws Exception {
        upgradeKeepsData("jdbc:h2:file:" + dir.resolve("old") + ";AUTO_SERVER=FALSE");
    }

    @Test
    void aPostgresDatabaseCreatedAtVersion1IsUpgradedWithItsDataIntact() throws Exception {
        try (PgSupport.Schema schema = PgSupport.freshSchema()) {
            upgradeKeepsData(schema.url());
        }
    }

    private void upgradeKeepsData(String url) throws Exception {
        try (Database v1 = Database.openWithoutMigration(url)) {
            assertEquals("1", Migrations.migrate(v1.dataSource(), v1.vendor(), "1"));
            try (Connection c = v1.connection(); Statement s = c.createStatement()) {
                fillVersion1(s);
            }
        }
        try (Database latest = Database.open(url)) {
            assertEquals("12", latest.schemaVersion());
            JdbcRunStore store = new JdbcRunStore(latest);
            StudyRecord study = store.findStudyRecord("legacy").orElseThrow();
            assertEquals(List.of(dev.hyperforge.search.Direction.MINIMIZE), study.directions(), "a legacy study is single-objective");
            assertEquals(false, study.isMultiObjective());
            Run run = store.findTrial(study.id(), 0).orElseThrow();
            assertEquals(TrialState.COMPLETE, run.state());
            assertEquals(0.25, run.value());
            assertEquals(List.of(0.25), run.values());
            assertEquals(0.001, run.param("lr"));
            assertEquals(List.of(0.9, 0.5, 0.25), store.metricHistory(run.id(), "val_loss").stream()
                    .map(MetricPoint::value).toList());
            // V2 back-filled the last point of every metric from the history
            assertEquals(new MetricPoint("val_loss", 2, 0.25, Instant.ofEpochMilli(1_700_000_002_000L)),
                    run.lastMetrics().get("val_loss"));
            assertEquals(0.8, run.lastMetrics().get("acc").value());
            // V7 back-filled the study of every per-run row of metric_latest and run_param
            try (Connection c = latest.connection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM metric_latest WHERE study_id = "
                         + study.id() + "), (SELECT COUNT(*) FROM run_param WHERE study_id = " + study.id() + ")")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
                assertEquals(1, rs.getInt(2));
            }
            // V10 filled each parameter row's sample key from its run id, and the sampled read finds it
            try (Connection c = latest.connection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT run_id, sample_key FROM run_param")) {
                rs.next();
                assertEquals(dev.hyperforge.tracker.SampleKey.of(rs.getLong(1)), rs.getLong(2));
            }
            assertEquals(java.util.Map.of(run.id(), run.params()), store.sampledParams(study.id(),
                    dev.hyperforge.tracker.SampleKey.of(run.id())));
            assertEquals(java.util.Map.of(), store.sampledParams(study.id(), dev.hyperforge.tracker.SampleKey.of(run.id()) - 1));
            // V8 filled the kept counts per state from the runs
            assertEquals(1L, store.studySummary(study.id()).counts().get(TrialState.COMPLETE));
            assertEquals(0L, store.studySummary(study.id()).counts().get(TrialState.RUNNING));
            assertEquals(List.of(0), store.queryRuns(RunQuery.forStudy(study.id()).metricRange("val_loss", 0.0, 0.3)
                    .build()).runs().stream().map(Run::number).toList());
            Provenance p = store.provenance(run.id()).orElseThrow();
            assertEquals(EXPERIMENT, p.experimentText());
            assertEquals("CPU", p.nd4jBackend());
            assertEquals(42L, p.seeds().get("study"));
            assertTrue(store.run(run.id()).isFinished());
            // V11: a run recorded before numerics levels has none (its replay uses level 1)
            assertEquals(null, p.numerics());
            // the upgraded database accepts new writes, with a numerics level
            Provenance withLevel = Provenance.builder(dev.hyperforge.tracker.TestFixtures.ENV).experimentFile(EXPERIMENT).resolvedConfig("{}")
                    .seed("study", 1).dataFingerprint(Hashing.sha256Hex("d")).nd4j("CPU", "c").numerics(2).build();
            Run next = store.startRun(study.id(), withLevel);
            assertEquals(1, next.number());
            assertEquals(2, store.provenance(next.id()).orElseThrow().numerics());
        }
    }

    private static void fillVersion1(Statement s) throws SQLException {
        String sha = Hashing.sha256Hex(EXPERIMENT);
        String exp = "(SELECT id FROM experiment WHERE file_sha256 = '" + sha + "')";
        String run = "(SELECT id FROM run WHERE trial_number = 0)";
        s.executeUpdate("INSERT INTO experiment (file_sha256, file_text, created_ms) VALUES ('" + sha
                + "', 'model: dense\n', 1700000000000)");
        s.executeUpdate("INSERT INTO study (study_name, direction, sampler_name, sampler_settings, seed,"
                + " experiment_id, next_trial_number, created_ms) VALUES ('legacy', 'MINIMIZE', 'random', '{}', 42, "
                + exp + ", 1, 1700000000000)");
        s.executeUpdate("INSERT INTO run (study_id, trial_number, state, objective_value, started_ms, finished_ms,"
                + " heartbeat_ms, system_attrs) VALUES ((SELECT id FROM study WHERE study_name = 'legacy'), 0,"
                + " 'COMPLETE', 0.25, 1700000000000, 1700000003000, 1700000003000, '{}')");
        s.executeUpdate("INSERT INTO run_provenance (run_id, experiment_id, resolved_config, seeds, data_sha256,"
                + " code_version, code_dirty, java_version, java_vendor, os_name, os_arch, nd4j_backend,"
                + " nd4j_classifier, thread_counts, host_name) VALUES (" + run + ", " + exp + ", '{}',"
                + " '{\"study\":42}', '" + sha + "', 'jar:0.1.0', FALSE, '17', 'Debian', 'Linux', 'amd64', 'CPU',"
                + " 'linux-x86_64', '{\"nd4j.omp\":2}', 'old-host')");
        s.executeUpdate("INSERT INTO run_param (run_id, param_name, param_type, numeric_value, int_value, string_value,"
                + " distribution) VALUES (" + run + ", 'lr', 'FLOAT', 0.001, NULL, NULL, '{}')");
        for (String values : List.of("'val_loss', 0, 0.9, 1700000000000", "'val_loss', 2, 0.25, 1700000002000",
                "'val_loss', 1, 0.5, 1700000001000", "'acc', 0, 0.8, 1700000000000")) {
            s.executeUpdate("INSERT INTO metric (run_id, metric_name, step, metric_value, logged_ms) VALUES ("
                    + run + ", " + values + ")");
        }
    }
}
