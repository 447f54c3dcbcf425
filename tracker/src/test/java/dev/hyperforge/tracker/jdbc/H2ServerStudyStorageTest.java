package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Search's storage contract on {@link JdbcRunStore} over H2 in server mode, reached over TCP. */
class H2ServerStudyStorageTest extends StudyStorageContract {
    @TempDir
    static Path baseDir;
    private static H2Server server;
    private final JdbcStudyStorages dbs = new JdbcStudyStorages();

    @BeforeAll
    static void startServer() {
        server = H2Server.start(baseDir, 0, false);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Override
    protected StudyStorage newStorage() {
        return dbs.open(server.url("storage-" + UUID.randomUUID()));
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
