package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.blob.BlobKeys;
import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.blob.MissingObjectException;
import dev.hyperforge.tracker.blob.StoredObject;
import dev.hyperforge.tracker.blob.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link BlobStore} inside the tracker database (table {@code artifact_object}, BLOB on H2, BYTEA on
 * PostgreSQL): one URL is then the whole memory of a study, which suits small setups and tests. Objects are
 * content-addressed like in every store. A put spools the stream to a temporary file while hashing and
 * inserts it as a stream; a read loads the object in one query (PostgreSQL caps a value at 1 GB: use a
 * directory or S3 store for large checkpoints).
 *
 * <pre>{@code
 * BlobStore objects = new DatabaseBlobStore(db);
 * RunStore store = new JdbcRunStore(db, Clock.systemUTC(), objects);
 * }</pre>
 */
public final class DatabaseBlobStore implements BlobStore {
    /** The location URL of the database store. */
    public static final String LOCATION = "db";

    private final Database db;

    /**
     * @param db the database holding the objects (not closed by {@link #close()})
     */
    public DatabaseBlobStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public String location() {
        return LOCATION;
    }

    @Override
    public StoredObject put(InputStream content) {
        BlobKeys.Spooled s = BlobKeys.spool(content, null);
        try {
            StoredObject o = s.object();
            Tx.run(db, "store object " + o.key(), true, c -> {
                if (!present(c, o.key())) {
                    insert(c, o, s.file());
                }
                return null;
            });
            return o;
        } finally {
            BlobKeys.deleteQuietly(s.file());
        }
    }

    private static void insert(Connection c, StoredObject o, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO artifact_object (object_key, size_bytes, content, created_ms) VALUES (?, ?, ?, ?)");
             InputStream in = Files.newInputStream(file)) {
            ps.setString(1, o.key());
            ps.setLong(2, o.size());
            if (o.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("an object of " + o.size() + " bytes is too large for the database"
                        + " artifact store; choose a directory or S3 store with --artifacts");
            }
            ps.setBinaryStream(3, in, (int) o.size());   // the int form: every JDBC driver implements it
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled object " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean present(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM artifact_object WHERE object_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public InputStream open(String key, String expectedSha256, String what) {
        BlobKeys.check(key);
        byte[] bytes = Tx.run(db, "read object " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM artifact_object WHERE object_key = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
        if (bytes == null) {
            throw new MissingObjectException(what, LOCATION + ":" + key, expectedSha256);
        }
        return new VerifyingInputStream(new ByteArrayInputStream(bytes), expectedSha256, what);
    }

    @Override
    public boolean exists(String key) {
        BlobKeys.check(key);
        return Tx.run(db, "look up object " + key, c -> present(c, key));
    }

    @Override
    public boolean delete(String key) {
        BlobKeys.check(key);
        return Tx.run(db, "delete object " + key,
                c -> RunRows.update(c, "DELETE FROM artifact_object WHERE object_key = ?", key) > 0);
    }

    @Override
    public List<StoredObject> list() {
        return Tx.run(db, "list objects", c -> {
            List<StoredObject> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT object_key, size_bytes FROM artifact_object ORDER BY object_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    out.add(new StoredObject(key, rs.getLong(2), key.substring(key.lastIndexOf('/') + 1)));
                }
            }
            return out;
        });
    }
}
