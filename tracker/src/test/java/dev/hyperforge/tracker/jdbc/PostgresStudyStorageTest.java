package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import dev.hyperforge.search.storage.StudyStorageContract;
import java.util.ArrayList;
import java.util.List;

/** Search's storage contract on {@link JdbcRunStore} over PostgreSQL, each storage in a fresh schema. */
class PostgresStudyStorageTest extends StudyStorageContract {
    private final JdbcStudyStorages dbs = new JdbcStudyStorages();
    private final List<PgSupport.Schema> schemas = new ArrayList<>();

    @Override
    protected StudyStorage newStorage() {
        try {
            PgSupport.Schema schema = PgSupport.freshSchema();
            schemas.add(schema);
            return dbs.open(schema.url());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create a PostgreSQL schema", e);
        }
    }

    @Override
    protected void releaseStorages() throws Exception {
        dbs.closeAll();
        for (PgSupport.Schema s : schemas) {
            s.close();
        }
        schemas.clear();
    }

    @Override
    protected boolean supportsMultiObjective() {
        return true;
    }
}
