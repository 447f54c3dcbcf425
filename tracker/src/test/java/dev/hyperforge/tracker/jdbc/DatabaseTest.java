package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @Test
    void theUrlComesFromTheOptionThenHfDbThenTheEmbeddedDefault() {
        assertEquals("jdbc:h2:mem:x", Database.resolveUrl("jdbc:h2:mem:x"));
        String env = System.getenv(Database.ENV_VAR);
        String expected = env != null && !env.isBlank() ? env : "jdbc:h2:file:./hyperforge;AUTO_SERVER=TRUE";
        assertEquals(expected, Database.resolveUrl(null));
        assertEquals(expected, Database.resolveUrl("  "));
    }

    @Test
    void aPlainPathNamesAnEmbeddedFileInTheMixedMode() {
        assertEquals("jdbc:h2:file:./runs/tuning;AUTO_SERVER=TRUE", Database.resolveUrl("runs/tuning.mv.db"));
        assertEquals("jdbc:h2:file:./tuning;AUTO_SERVER=TRUE", Database.resolveUrl("tuning"));
        assertEquals("jdbc:h2:file:/tmp/x/t;AUTO_SERVER=TRUE", Database.resolveUrl(" /tmp/x/t.mv.db "));
        assertEquals("jdbc:h2:file:../t;AUTO_SERVER=TRUE", Database.resolveUrl("../t.mv.db"));
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> Database.resolveUrl("postgresql://localhost/hf"));
        assertTrue(scheme.getMessage().contains("jdbc:postgresql://localhost/hf"), scheme.getMessage());
        IllegalArgumentException vendor = assertThrows(IllegalArgumentException.class, () -> Database.resolveUrl("jdbc:mysql://h/x"));
        assertTrue(vendor.getMessage().contains("jdbc:mysql://h/x"), vendor.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Database.resolveUrl("runs/"));
    }

    @Test
    void aFileHeldByAnotherProcessWithoutTheMixedModeGetsAHintWhatToDo() {
        String hint = Database.inUseHint("Database may be already in use: \"/w/hyperforge.mv.db\". Possible solutions:"
                + " close all other connection(s); use the server mode [90020-232]");
        assertTrue(hint.contains("AUTO_SERVER=TRUE") && hint.contains("hf db start"), hint);
        assertEquals("", Database.inUseHint("Table \"RUN\" not found"));
    }

    @Test
    void anUpgradeOfAnExistingSchemaIsToldOnceBeforeItRunsAndANewDatabaseSaysNothing(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("old") + ";AUTO_SERVER=FALSE";
        java.util.List<String> notices = new java.util.ArrayList<>();
        try (Database fresh = Database.open("jdbc:h2:file:" + dir.resolve("new"), notices::add)) {
            assertEquals("12", fresh.schemaVersion());
        }
        assertEquals(java.util.List.of(), notices);
        try (Database old = Database.openWithoutMigration(url)) {
            assertEquals("9", Migrations.migrate(old.dataSource(), old.vendor(), "9"));
        }
        try (Database upgraded = Database.open(url, notices::add)) {
            assertEquals("12", upgraded.schemaVersion());
        }
        assertEquals(java.util.List.of("upgrading the database " + dir.resolve("old") + ".mv.db from schema 9 to 12"
                + " (this can take a minute on large files)..."), notices);
        try (Database again = Database.open(url, notices::add)) {
            assertEquals("12", again.schemaVersion());
        }
        assertEquals(1, notices.size(), notices.toString());
        assertEquals("jdbc:postgresql://h/db?user=u&password=***", Database.describe("jdbc:postgresql://h/db?user=u&password=p"));
    }

    @Test
    void unsupportedUrlsAreRejectedWithTheAcceptedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Database.open("jdbc:mysql://localhost/x"));
        assertTrue(e.getMessage().contains("jdbc:h2:tcp://"), e.getMessage());
    }

    @Test
    void openingCreatesAndMigratesAFileDatabaseAndPasswordsAreRedacted(@TempDir Path dir) {
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("hyperforge") + ";AUTO_SERVER=FALSE")) {
            assertEquals("12", db.schemaVersion());
            assertEquals(Vendor.H2, db.vendor());
        }
        assertTrue(Files.exists(dir.resolve("hyperforge.mv.db")));
        try (Database again = Database.open("jdbc:h2:file:" + dir.resolve("hyperforge"))) {
            assertEquals("12", again.schemaVersion());
        }
        assertEquals("jdbc:postgresql://h/db?user=hf&password=***",
                Database.redact("jdbc:postgresql://h/db?user=hf&password=secret"));
    }

    @Test
    void anH2ServerServesDatabasesUnderItsBaseDirectory(@TempDir Path dir) {
        try (H2Server server = H2Server.start(dir, 0, false)) {
            assertTrue(server.isRunning());
            String name = "srv-" + UUID.randomUUID();
            assertEquals("jdbc:h2:tcp://localhost:" + server.port() + "/./" + name, server.url(name));
            try (Database db = Database.open(server.url(name))) {
                assertEquals("12", db.schemaVersion());
            }
            assertTrue(Files.exists(dir.resolve(name + ".mv.db")));
        }
    }
}
