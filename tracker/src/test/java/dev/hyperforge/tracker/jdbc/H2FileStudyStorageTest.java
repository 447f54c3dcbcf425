package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** Search's storage contract on {@link JdbcRunStore} over an embedded H2 file database. */
class H2FileStudyStorageTest extends StudyStorageContract {
    @TempDir
    Path dir;
    private final JdbcStudyStorages dbs = new JdbcStudyStorages();

    @Override
    protected StudyStorage newStorage() {
        return dbs.open("jdbc:h2:file:" + dir.resolve("storage-" + UUID.randomUUID()) + ";AUTO_SERVER=FALSE");
    }

    @Override
    protected void releaseStorages() {
        dbs.closeAll();
    }

    @Override
    protected boolean supportsMultiObjective() {
        return true;
    }
}
