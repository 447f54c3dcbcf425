package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.ExperimentRecord;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.Provenance;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Experiment files (stored once per SHA-256) and the provenance row of every run. */
final class ProvenanceDao {
    private final Database db;
    private final Clock clock;

    ProvenanceDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    ExperimentRecord saveExperiment(String text) {
        Objects.requireNonNull(text, "experiment file text");
        String sha = Hashing.sha256Hex(text);
        return Tx.run(db, "save experiment " + sha, true, c -> {
            Optional<ExperimentRecord> existing = bySha(c, sha);
            if (existing.isPresent()) {
                return existing.get();
            }
            RunRows.update(c, "INSERT INTO experiment (file_sha256, file_text, created_ms) VALUES (?, ?, ?)",
                    sha, text, clock.millis());
            return bySha(c, sha).orElseThrow();
        });
    }

    ExperimentRecord experiment(long id) {
        return Tx.run(db, "read experiment " + id, c -> {
            List<ExperimentRecord> out = new ArrayList<>(1);
            RunReader.query(c, "SELECT id, file_sha256, file_text, created_ms FROM experiment WHERE id = ?",
                    ps -> ps.setLong(1, id), rs -> out.add(map(rs)));
            if (out.isEmpty()) {
                throw new java.util.NoSuchElementException("no experiment with id " + id);
            }
            return out.get(0);
        });
    }

    private static Optional<ExperimentRecord> bySha(Connection c, String sha) throws SQLException {
        List<ExperimentRecord> out = new ArrayList<>(1);
        RunReader.query(c, "SELECT id, file_sha256, file_text, created_ms FROM experiment WHERE file_sha256 = ?",
                ps -> ps.setString(1, sha), rs -> out.add(map(rs)));
        return out.stream().findFirst();
    }

    private static ExperimentRecord map(java.sql.ResultSet rs) throws SQLException {
        return new ExperimentRecord(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    void insert(Connection c, long runId, long experimentId, Provenance p) throws SQLException {
        RunRows.update(c, "INSERT INTO run_provenance (run_id, experiment_id, resolved_config, seeds, data_sha256,"
                + " code_version, code_dirty, java_version, java_vendor, os_name, os_arch, nd4j_backend, nd4j_classifier,"
                + " thread_counts, host_name, numerics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, experimentId, p.resolvedConfigJson(), Json.write(p.seeds()), p.dataSha256(), p.codeVersion(),
                p.codeDirty(), p.javaVersion(), p.javaVendor(), p.osName(), p.osArch(), p.nd4jBackend(),
                p.nd4jClassifier(), Json.write(p.threads()), p.hostName(), p.numerics());
    }

    Optional<Provenance> load(Connection c, long runId) throws SQLException {
        List<Provenance> out = new ArrayList<>(1);
        RunReader.query(c, "SELECT e.file_text, e.file_sha256, p.resolved_config, p.seeds, p.data_sha256, p.code_version,"
                + " p.code_dirty, p.java_version, p.java_vendor, p.os_name, p.os_arch, p.nd4j_backend, p.nd4j_classifier,"
                + " p.thread_counts, p.host_name, p.numerics FROM run_provenance p JOIN experiment e ON e.id = p.experiment_id"
                + " WHERE p.run_id = ?", ps -> ps.setLong(1, runId),
                rs -> out.add(new Provenance(rs.getString(1), rs.getString(2), rs.getString(3),
                        Json.longMap(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getBoolean(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                        rs.getString(13), Json.intMap(rs.getString(14)), rs.getString(15), (Integer) rs.getObject(16, Integer.class))));
        return out.stream().findFirst();
    }
}
