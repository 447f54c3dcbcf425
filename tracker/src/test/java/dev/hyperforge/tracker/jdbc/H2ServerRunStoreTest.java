package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.RunStoreContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract on H2 in server mode: a file database behind an {@link H2Server}, reached over TCP. */
class H2ServerRunStoreTest extends RunStoreContract {
    @TempDir
    static Path baseDir;
    private static H2Server server;
    private Database db;

    @BeforeAll
    static void startServer() {
        server = H2Server.start(baseDir, 0, false);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @Override
    protected RunStore newStore() {
        db = Database.open(server.url("contract-" + UUID.randomUUID()));
        return new JdbcRunStore(db, clock);
    }

    @Override
    protected void closeStore() {
        store.close();
        db.close();
    }
}
