package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.blob.BlobStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The artifact stores a {@link JdbcRunStore} reads and writes: the current one (new artifacts go there), the
 * database store, and any other store an older artifact names by URL (opened on first use, closed with the
 * run store). An artifact is always read from the store its row names, so changing {@code --artifacts}
 * never hides older artifacts.
 */
final class ObjectStores implements AutoCloseable {
    private final BlobStore current;
    private final Map<String, BlobStore> byUrl = new LinkedHashMap<>();
    private final Map<String, BlobStore> opened = new LinkedHashMap<>();
    private final Database db;

    ObjectStores(Database db, BlobStore current) {
        this.db = db;
        this.current = current;
        byUrl.put(current.location(), current);
        byUrl.putIfAbsent(DatabaseBlobStore.LOCATION, new DatabaseBlobStore(db));
    }

    BlobStore current() {
        return current;
    }

    BlobStore database() {
        return byUrl.get(DatabaseBlobStore.LOCATION);
    }

    synchronized BlobStore of(String url) {
        BlobStore s = byUrl.get(url);
        if (s == null) {
            s = BlobStores.open(url, db);
            byUrl.put(url, s);
            opened.put(url, s);
        }
        return s;
    }

    @Override
    public synchronized void close() {
        opened.values().forEach(BlobStore::close);
        opened.clear();
    }
}
