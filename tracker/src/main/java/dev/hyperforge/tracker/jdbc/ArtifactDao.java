package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Checks;
import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.blob.StoredObject;
import dev.hyperforge.tracker.blob.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Artifacts of {@link JdbcRunStore}: write-once objects of an unfinished run, listed by name. The bytes go to
 * the run store's {@link BlobStore} first; the row (name, kind, size, SHA-256, store URL, key) is committed
 * after, so a writer killed during an upload leaves at most an unreferenced object, which {@code hf gc}
 * removes. Rows of schema V4 and earlier keep their bytes in the row ({@link Artifact#IN_ROW}).
 */
final class ArtifactDao {
    private final Database db;
    private final Clock clock;
    private final ObjectStores stores;

    ArtifactDao(Database db, Clock clock, ObjectStores stores) {
        this.db = db;
        this.clock = clock;
        this.stores = stores;
    }

    Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, InputStream content) {
        Checks.name("artifact name", name, 200);
        Objects.requireNonNull(kind, "artifact kind");
        Checks.name("artifact media type", mediaType, 100);
        Objects.requireNonNull(content, "artifact content");
        String what = "save artifact '" + name + "' of run " + runId;
        tx(what, c -> checkWritable(c, runId, name));   // refuse before uploading, not only after
        BlobStore target = stores.current();
        StoredObject o = target.put(content);
        return tx(what, c -> {
            checkWritable(c, runId, name);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO artifact (run_id, artifact_name, kind,"
                    + " media_type, sha256, size_bytes, created_ms, store_url, object_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                RunRows.bindAll(ps, runId, name, kind.name(), mediaType, o.sha256(), o.size(), clock.millis(),
                        target.location(), o.key());
                ps.executeUpdate();
            }
            return RunRows.artifactsOf(c, runId, name).get(0);
        });
    }

    private static Void checkWritable(java.sql.Connection c, long runId, String name) throws java.sql.SQLException {
        RunRows.lockUnfinished(c, runId, "save an artifact");
        if (!RunRows.artifactsOf(c, runId, name).isEmpty()) {
            throw new IllegalArgumentException("run " + runId + " already has an artifact named '" + name
                    + "'; artifacts are write-once, choose another name");
        }
        return null;
    }

    List<Artifact> artifacts(long runId) {
        return tx("list artifacts of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return RunRows.artifactsOf(c, runId, null);
        });
    }

    /** Where an artifact's bytes are: its row's fields, and the bytes themselves for rows before V6. */
    record Located(long id, long runId, String name, String sha256, long size, String storeUrl, String key, byte[] inRow) {
        String what() {
            return "'" + name + "' of run " + runId;
        }
    }

    Located locate(long artifactId) {
        return tx("read artifact " + artifactId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, run_id, artifact_name, sha256, size_bytes, store_url,"
                    + " object_key, CASE WHEN store_url IS NULL THEN content END FROM artifact WHERE id = ?")) {
                ps.setLong(1, artifactId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchElementException("no artifact with id " + artifactId);
                    }
                    return new Located(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getBytes(8));
                }
            }
        });
    }

    InputStream open(long artifactId) {
        Located a = locate(artifactId);
        if (a.storeUrl() == null) {
            return new VerifyingInputStream(new ByteArrayInputStream(a.inRow()), a.sha256(), a.what());
        }
        return stores.of(a.storeUrl()).open(a.key(), a.sha256(), a.what());
    }

    boolean present(long artifactId) {
        Located a = locate(artifactId);
        return a.storeUrl() == null ? a.inRow() != null : stores.of(a.storeUrl()).exists(a.key());
    }

    /**
     * Deletes the row only: its object stays until {@code hf gc} finds it unreferenced. Deleting the object
     * here could race with another writer that is about to commit a row for the same content-addressed key.
     */
    void delete(long artifactId) {
        tx("delete artifact " + artifactId, c -> {
            if (RunRows.update(c, "DELETE FROM artifact WHERE id = ?", artifactId) == 0) {
                throw new NoSuchElementException("no artifact with id " + artifactId);
            }
            return null;
        });
    }

    static boolean referenced(java.sql.Connection c, String storeUrl, String key) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM artifact WHERE store_url = ? AND object_key = ?")) {
            ps.setString(1, storeUrl);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }
}
