package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;
import java.util.UUID;

/** Search's storage contract on {@link JdbcRunStore} over an in-memory H2 database. */
class H2MemStudyStorageTest extends StudyStorageContract {
    private final JdbcStudyStorages dbs = new JdbcStudyStorages();

    @Override
    protected StudyStorage newStorage() {
        return dbs.open("jdbc:h2:mem:storage-" + UUID.randomUUID());
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
