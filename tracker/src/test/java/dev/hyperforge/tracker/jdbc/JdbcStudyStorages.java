package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.storage.StudyStorage;
import java.util.ArrayList;
import java.util.List;

/** Opens JDBC stores for the storage contract and closes their databases after each test. */
final class JdbcStudyStorages {
    private final List<Database> open = new ArrayList<>();

    StudyStorage open(String url) {
        Database db = Database.open(url);
        open.add(db);
        return new JdbcRunStore(db);
    }

    void closeAll() {
        open.forEach(Database::close);
        open.clear();
    }
}
