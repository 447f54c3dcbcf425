package dev.hyperforge.experiments.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import dev.hyperforge.experiments.cli.Main;

/**
 * Helpers for tests that run {@code hf} in other JVMs (the test classpath and the CLI's main class) and for
 * the PostgreSQL they may share: {@code HF_TEST_PG_URL} (see {@code .ci/pg-setup.sh}); without it the tests are
 * skipped locally, and fail when {@code CI=true}, since CI must never pass by skipping them.
 */
final class WorkerJvms {
    private WorkerJvms() {
    }

    /** Starts {@code hf ARGS...} in a new JVM with its output in {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Runs {@code hf ARGS...} in this JVM. */
    static String runHere(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        if (code != 0) {
            fail("hf " + String.join(" ", args) + " exited with " + code + "\n" + out + err);
        }
        return out.toString();
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** A shipped experiment file (tests run in the module directory). */
    static String shipped(String name) {
        return Path.of(name + ".yaml").toAbsolutePath().toString();
    }

    /** A test experiment under {@code src/test/resources/worker}. */
    static String resource(String name) {
        return Path.of("src/test/resources/worker", name + ".yaml").toAbsolutePath().toString();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    /** A fresh PostgreSQL schema (dropped on close), or a skip/failure when PostgreSQL is not configured. */
    static PgSchema freshPgSchema() throws SQLException {
        String base = System.getenv("HF_TEST_PG_URL");
        if (base == null || base.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("HF_TEST_PG_URL is not set but CI=true: the PostgreSQL worker tests must run in CI;"
                        + " start a cluster with .ci/pg-setup.sh and export its URL");
            }
            Assumptions.abort("HF_TEST_PG_URL not set; PostgreSQL tests skipped (run .ci/pg-setup.sh to enable them)");
        }
        String name = "hfw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return new PgSchema(base, name, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name);
    }

    /** A per-test PostgreSQL schema. */
    record PgSchema(String baseUrl, String name, String url) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + name + " CASCADE");
            }
        }
    }
}
