package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.RunStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an embedded file H2 database with a directory artifact store (the default kinds). */
class H2FileRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;
    private Database db;

    @Override
    protected RunStore newStore() {
        db = Database.open("jdbc:h2:file:" + dir.resolve("hyperforge") + ";AUTO_SERVER=FALSE");
        return new JdbcRunStore(db, clock, new dev.hyperforge.tracker.blob.DirectoryBlobStore(dir.resolve("hyperforge-artifacts")));
    }

    @Override
    protected void closeStore() {
        store.close();
        db.close();
    }
}
