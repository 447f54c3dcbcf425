package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.blob.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Upkeep of a database's artifact objects: {@link #unreferenced()} and {@link #delete} (what {@code hf gc}
 * does: objects no artifact row references, e.g. left by a writer killed between upload and commit, or by
 * retention) and {@link #migrate} (what {@code hf artifacts migrate} does: move every artifact whose bytes are
 * in its row or another store into a target store, verified by hash, then drop the old bytes).
 *
 * <pre>{@code
 * ArtifactMaintenance m = store.artifactMaintenance();
 * List<ArtifactMaintenance.Unreferenced> junk = m.unreferenced();
 * long freed = m.delete(junk);
 * }</pre>
 */
public final class ArtifactMaintenance {
    /**
     * An object that no artifact references.
     *
     * @param store URL of its store
     * @param key object key
     * @param size bytes
     */
    public record Unreferenced(String store, String key, long size) {
    }

    /**
     * What a migration did.
     *
     * @param moved artifacts moved
     * @param bytes their bytes
     */
    public record Migration(int moved, long bytes) {
    }

    private final Database db;
    private final ObjectStores stores;
    private final ArtifactDao artifacts;

    ArtifactMaintenance(Database db, ObjectStores stores, ArtifactDao artifacts) {
        this.db = db;
        this.stores = stores;
        this.artifacts = artifacts;
    }

    /**
     * Objects in the current store, the database store and every store an artifact row names, that no row
     * references.
     *
     * @return the objects, by store and key
     */
    public List<Unreferenced> unreferenced() {
        Set<String> urls = new LinkedHashSet<>();
        urls.add(stores.current().location());
        urls.add(DatabaseBlobStore.LOCATION);
        urls.addAll(Tx.run(db, "list artifact stores", c -> strings(c, "SELECT DISTINCT store_url FROM artifact"
                + " WHERE store_url IS NOT NULL", null)));
        List<Unreferenced> out = new ArrayList<>();
        for (String url : urls) {
            BlobStore s = stores.of(url);
            Set<String> used = new HashSet<>(Tx.run(db, "list referenced objects",
                    c -> strings(c, "SELECT DISTINCT object_key FROM artifact WHERE store_url = ?", url)));
            for (StoredObject o : s.list()) {
                if (!used.contains(o.key())) {
                    out.add(new Unreferenced(url, o.key(), o.size()));
                }
            }
        }
        return out;
    }

    /**
     * Deletes objects found by {@link #unreferenced()}, each only if still unreferenced.
     *
     * @param objects the objects
     * @return bytes freed
     */
    public long delete(List<Unreferenced> objects) {
        long freed = 0;
        for (Unreferenced o : objects) {
            boolean used = Tx.run(db, "check object " + o.key(), c -> ArtifactDao.referenced(c, o.store(), o.key()));
            if (!used && stores.of(o.store()).delete(o.key())) {
                freed += o.size();
            }
        }
        return freed;
    }

    /**
     * Moves every artifact not in {@code target} there: streams it from where it is (verified against its
     * SHA-256), checks the hash of what the target stored, points the row at the target, then deletes the old
     * bytes (the row's content, or the old object when nothing else references it).
     *
     * @param target where the artifacts go
     * @param progress one line per artifact moved
     * @return what was moved
     */
    public Migration migrate(BlobStore target, Consumer<String> progress) {
        List<Long> ids = Tx.run(db, "list artifacts to move", c -> longs(c,
                "SELECT id FROM artifact WHERE store_url IS NULL OR store_url <> ? ORDER BY id", target.location()));
        int moved = 0;
        long bytes = 0;
        for (long id : ids) {
            ArtifactDao.Located a = artifacts.locate(id);
            StoredObject o;
            try (InputStream in = artifacts.open(id)) {
                o = target.put(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            if (!o.sha256().equals(a.sha256())) {
                throw new IllegalStateException("artifact " + a.what() + " was stored in " + target.location()
                        + " with sha256 " + o.sha256() + ", expected " + a.sha256() + "; nothing was changed for it");
            }
            repoint(a, target.location(), o.key());
            moved++;
            bytes += o.size();
            progress.accept("moved " + a.what() + " (" + o.size() + " bytes, sha256 " + o.sha256() + ") to "
                    + target.location() + "/" + o.key());
        }
        return new Migration(moved, bytes);
    }

    private void repoint(ArtifactDao.Located a, String url, String key) {
        boolean oldUnused = Tx.run(db, "repoint artifact " + a.id(), c -> {
            RunRows.update(c, "UPDATE artifact SET store_url = ?, object_key = ?, content = NULL WHERE id = ?",
                    url, key, a.id());
            return a.key() != null && !ArtifactDao.referenced(c, a.storeUrl(), a.key());
        });
        if (oldUnused) {
            stores.of(a.storeUrl()).delete(a.key());
        }
    }

    private static List<String> strings(Connection c, String sql, String arg) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<Long> longs(Connection c, String sql, String arg) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
