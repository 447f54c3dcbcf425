package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL for tests: the URL comes from {@code HF_TEST_PG_URL} (see {@code .ci/pg-setup.sh}). Without it the
 * PostgreSQL tests are skipped locally, but fail when {@code CI=true}: CI must never pass by skipping them.
 * Each test gets its own schema, dropped afterwards.
 */
final class PgSupport {
    static final String ENV = "HF_TEST_PG_URL";

    private PgSupport() {
    }

    /** The base URL, or a skip (locally) / failure (CI) when it is not configured. */
    static String baseUrl() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(ENV + " is not set but CI=true: the PostgreSQL contract tests must run in CI;"
                        + " start a cluster with .ci/pg-setup.sh and export its URL");
            }
            Assumptions.abort(ENV + " not set; PostgreSQL tests skipped (run .ci/pg-setup.sh to enable them)");
        }
        return url;
    }

    /** Creates a fresh schema and returns a URL whose current schema it is. */
    static Schema freshSchema() throws SQLException {
        String base = baseUrl();
        String name = "hf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return new Schema(base, name, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name);
    }

    /** A per-test schema. */
    record Schema(String baseUrl, String name, String url) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + name + " CASCADE");
            }
        }
    }
}
