package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.tracker.Hashing;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Artifacts of {@link JdbcRunStore}: write-once bytes of an unfinished run with their SHA-256, listed by name.
 */
final class ArtifactDao {
    private final Database db;
    private final Clock clock;

    ArtifactDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, byte[] content) {
        Checks.name("artifact name", name, 200);
        Objects.requireNonNull(kind, "artifact kind");
        Checks.name("artifact media type", mediaType, 100);
        byte[] bytes = content.clone();
        String sha = Hashing.sha256Hex(bytes);
        return tx("save artifact '" + name + "' of run " + runId, c -> {
            RunRows.lockUnfinished(c, runId, "save an artifact");
            if (!RunRows.artifactsOf(c, runId, name).isEmpty()) {
                throw new IllegalArgumentException("run " + runId + " already has an artifact named '" + name
                        + "'; artifacts are write-once, choose another name");
            }
            long now = clock.millis();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO artifact (run_id, artifact_name, kind,"
                    + " media_type, sha256, size_bytes, content, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                RunRows.bindAll(ps, runId, name, kind.name(), mediaType, sha, (long) bytes.length);
                ps.setBytes(7, bytes);
                ps.setLong(8, now);
                ps.executeUpdate();
            }
            return RunRows.artifactsOf(c, runId, name).get(0);
        });
    }

    List<Artifact> artifacts(long runId) {
        return tx("list artifacts of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return RunRows.artifactsOf(c, runId, null);
        });
    }

    byte[] artifactContent(long artifactId) {
        return tx("read artifact " + artifactId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM artifact WHERE id = ?")) {
                ps.setLong(1, artifactId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new java.util.NoSuchElementException("no artifact with id " + artifactId);
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }
}
