package dev.hyperforge.tracker.blob;

import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.DatabaseBlobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/** The blob store contract on the database store (table artifact_object of an in-memory H2 database). */
class DatabaseBlobStoreTest extends BlobStoreContract {
    private static final AtomicInteger N = new AtomicInteger();
    private Database db;

    @Override
    protected BlobStore store() {
        if (db == null) {
            db = Database.open("jdbc:h2:mem:blobs" + N.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        }
        return new DatabaseBlobStore(db);
    }

    @Override
    protected void overwrite(String key, byte[] bytes) throws Exception {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE artifact_object SET content = ? WHERE object_key = ?")) {
            ps.setBytes(1, bytes);
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.shutdownEmbedded();
            db.close();
        }
    }
}
