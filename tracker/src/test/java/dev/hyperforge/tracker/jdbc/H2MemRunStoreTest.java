package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.RunStoreContract;
import java.util.UUID;

/** The contract on an in-memory H2 database. */
class H2MemRunStoreTest extends RunStoreContract {
    private Database db;

    @Override
    protected RunStore newStore() {
        db = Database.open("jdbc:h2:mem:contract-" + UUID.randomUUID());
        return new JdbcRunStore(db, clock);
    }

    @Override
    protected void closeStore() {
        store.close();
        db.close();
    }
}
