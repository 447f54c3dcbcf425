package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.RunStoreContract;

/** The contract on PostgreSQL ({@code HF_TEST_PG_URL}; required when {@code CI=true}). */
class PostgresRunStoreTest extends RunStoreContract {
    private PgSupport.Schema schema;
    private Database db;

    @Override
    protected RunStore newStore() throws Exception {
        schema = PgSupport.freshSchema();
        db = Database.open(schema.url());
        return new JdbcRunStore(db, clock);
    }

    @Override
    protected void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
        if (schema != null) {
            schema.close();
        }
    }
}
