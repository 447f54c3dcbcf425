package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An open tracker database: a small connection pool over a JDBC URL whose schema is migrated on open.
 *
 * <p>URLs: {@link #DEFAULT_URL} (embedded file {@code ./hyperforge.mv.db} in the working directory, shared by the
 * local processes that open it: H2's automatic mixed mode), {@code jdbc:h2:mem:NAME} (tests), {@code jdbc:h2:tcp://HOST:PORT/NAME} (an {@link H2Server}, for
 * several processes) and {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}. For H2 a
 * {@code LOCK_TIMEOUT} of 10 s is added unless the URL sets one, and for H2 files the crash-safety settings of
 * {@link #withH2Defaults(String)}.
 *
 * <pre>{@code
 * try (Database db = Database.open(Database.resolveUrl(cliDbOption))) {
 *     RunStore store = new JdbcRunStore(db);
 *     ...
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {
    /**
     * The default: an embedded file database {@code ./hyperforge.mv.db} in the working directory, in H2's automatic
     * mixed mode ({@code AUTO_SERVER=TRUE}), so that {@code hf serve} and {@code hf tune} (or several workers) on one
     * machine can have it open at once: the first process opens the file and serves it on a loopback port written
     * into the lock file, the others connect through that port, and when the first exits another takes the file
     * over (a transaction open in a client at that moment is rolled back; the trial loop retries storage errors).
     * H2 refuses this mode with {@code DB_CLOSE_ON_EXIT=FALSE}, so here H2's own exit hook closes the file; the
     * commands record why their trials stopped from a signal handler, before the JVM starts to exit.
     */
    public static final String DEFAULT_URL = "jdbc:h2:file:./hyperforge;AUTO_SERVER=TRUE";
    /** Environment variable that selects the database when no {@code --db} option is given. */
    public static final String ENV_VAR = "HF_DB";
    /** Default number of pooled connections. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Longest wait for a pooled PostgreSQL connection before the attempt counts as failed (and is retried). */
    static final java.time.Duration CONNECT_WAIT = java.time.Duration.ofSeconds(5);

    private final String url;
    private final Vendor vendor;
    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final String schemaVersion;
    private final ConnectionWatch connectionWatch;

    private Database(String url, int poolSize, boolean migrate) {
        this(url, poolSize, migrate, notice -> { });
    }

    private Database(String url, int poolSize, boolean migrate, java.util.function.Consumer<String> notices) {
        this.url = url;
        this.vendor = Vendor.of(url);
        this.connectionWatch = new ConnectionWatch(url, vendor != Vendor.H2 || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:"));
        if (vendor == Vendor.H2) {
            JdbcConnectionPool h2 = JdbcConnectionPool.create(withH2Defaults(url), "", "");
            h2.setMaxConnections(poolSize);
            this.dataSource = h2;
            this.pool = h2::dispose;
        } else {
            HikariDataSource hikari = hikari(url, poolSize);
            this.dataSource = hikari;
            this.pool = hikari;
        }
        try {
            this.schemaVersion = migrate ? Migrations.migrate(dataSource, vendor, null,
                    u -> notices.accept(upgradeNotice(url, u))) : null;
        } catch (RuntimeException e) {
            closeQuietly();
            throw new StoreException("cannot migrate the tracker schema of " + redact(url) + ": " + e.getMessage()
                    + inUseHint(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * HikariCP over the PostgreSQL driver's data source. It opens connections when asked (none at start, so that
     * opening works as before while the server is away and the store's retries apply), and waits at most
     * {@link #CONNECT_WAIT} for one, so that a lost server is reported to the store's retry loop quickly; idle
     * connections are closed after a minute.
     */
    private static HikariDataSource hikari(String url, int poolSize) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setReWriteBatchedInserts(true);
        HikariConfig c = new HikariConfig();
        c.setDataSource(pg);
        c.setPoolName("hyperforge-pg");
        c.setMaximumPoolSize(poolSize);
        c.setMinimumIdle(0);
        c.setIdleTimeout(java.time.Duration.ofMinutes(1).toMillis());
        c.setConnectionTimeout(CONNECT_WAIT.toMillis());
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    /**
     * Picks the URL: the command-line value if given, else {@code $HF_DB}, else {@link #DEFAULT_URL}. A value that is
     * a plain path names an embedded H2 file ({@code runs/tuning.mv.db} becomes
     * {@code jdbc:h2:file:./runs/tuning;AUTO_SERVER=TRUE}).
     *
     * @param cliValue the {@code --db} option, or null
     * @return the URL to open
     * @throws IllegalArgumentException for a URL of an unsupported database
     */
    public static String resolveUrl(String cliValue) {
        if (cliValue != null && !cliValue.isBlank()) {
            return fileUrl(cliValue.strip());
        }
        String env = System.getenv(ENV_VAR);
        return env != null && !env.isBlank() ? fileUrl(env.strip()) : DEFAULT_URL;
    }

    /**
     * A JDBC URL as given; a plain path ({@code runs/tuning.mv.db} or {@code runs/tuning}) as the embedded H2 file
     * there, in the same automatic mixed mode as the default; another URL scheme ({@code postgresql://…}) refused with
     * the JDBC form to use. Every returned URL names a supported vendor ({@link Vendor#of}), so that a command can
     * check its {@code --db} before it does any work.
     */
    static String fileUrl(String value) {
        if (value.startsWith("jdbc:")) {
            Vendor.of(value);
            return value;
        }
        if (value.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new IllegalArgumentException("unsupported database URL '" + value + "'; a database URL starts with jdbc:"
                    + " (jdbc:" + value + "), or give the path of an H2 file such as runs/tuning.mv.db");
        }
        String base = value.endsWith(".mv.db") ? value.substring(0, value.length() - ".mv.db".length()) : value;
        if (base.isEmpty() || base.endsWith("/") || base.contains(";")) {
            throw new IllegalArgumentException("--db '" + value + "': not a database file path; give NAME.mv.db (or a jdbc: URL)");
        }
        boolean relative = !base.startsWith("/") && !base.startsWith("~") && !base.startsWith("./") && !base.startsWith("../");
        return "jdbc:h2:file:" + (relative ? "./" : "") + base + ";AUTO_SERVER=TRUE";
    }

    /**
     * Opens a database and migrates its schema to the latest version.
     *
     * @param url JDBC URL
     * @return the open database
     */
    public static Database open(String url) {
        return new Database(url, DEFAULT_POOL_SIZE, true);
    }

    /**
     * Opens a database and migrates its schema to the latest version, telling {@code notices} (one line, see
     * {@link #upgradeNotice}) before it upgrades an existing schema, which can take a minute on a large file; a
     * database already at the latest version or created new says nothing.
     *
     * <pre>{@code
     * Database db = Database.open(url, line -> System.err.println("hf: " + line));
     * }</pre>
     *
     * @param url JDBC URL
     * @param notices told before a pending upgrade of an existing schema
     * @return the open database
     */
    public static Database open(String url, java.util.function.Consumer<String> notices) {
        return new Database(url, DEFAULT_POOL_SIZE, true, notices);
    }

    /**
     * The line said before an upgrade: which database (an H2 file by its {@code .mv.db} path), from and to which
     * schema version, and that it can take a while.
     */
    static String upgradeNotice(String url, Migrations.Upgrade u) {
        return "upgrading the database " + describe(url) + " from schema " + u.from() + " to " + u.to()
                + " (this can take a minute on large files)...";
    }

    /** An H2 file URL as the path of its {@code .mv.db} file, any other URL as is (passwords redacted). */
    static String describe(String url) {
        if (url.startsWith("jdbc:h2:file:")) {
            String path = url.substring("jdbc:h2:file:".length());
            int semi = path.indexOf(';');
            return (semi < 0 ? path : path.substring(0, semi)) + ".mv.db";
        }
        return redact(url);
    }

    /**
     * Opens a database with a given pool size and migrates its schema to the latest version.
     *
     * @param url JDBC URL
     * @param poolSize largest number of open connections
     * @return the open database
     */
    public static Database open(String url, int poolSize) {
        return new Database(url, poolSize, true);
    }

    /**
     * Opens a database without touching its schema (migration tests, tools).
     *
     * @param url JDBC URL
     * @return the open database
     */
    public static Database openWithoutMigration(String url) {
        return new Database(url, DEFAULT_POOL_SIZE, false);
    }

    /** @return the URL this database was opened with */
    public String url() {
        return url;
    }

    /** @return the vendor */
    public Vendor vendor() {
        return vendor;
    }

    /** @return the watch over the connection to a database server (retries and reports outages) */
    public ConnectionWatch connectionWatch() {
        return connectionWatch;
    }

    /** @return the pooled data source */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the schema version after opening, or null when opened without migration */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * A pooled connection; close it to return it.
     *
     * @return a connection
     * @throws SQLException when none can be had
     */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * For embedded H2 databases (file, mem): compacts and closes the database file. No-op otherwise.
     */
    public void shutdownEmbedded() {
        if (vendor == Vendor.H2 && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")) {
            try (Connection c = connection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new StoreException("cannot shut down " + redact(url), e);
            }
        }
    }

    /**
     * For embedded H2 databases (file, mem): rewrites the file without free space and closes the database
     * (after {@code hf artifacts migrate} emptied its BLOBs). No-op otherwise.
     */
    public void compactEmbedded() {
        if (vendor == Vendor.H2 && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")) {
            try (Connection c = connection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            } catch (SQLException e) {
                throw new StoreException("cannot compact " + redact(url), e);
            }
        }
    }

    /** Closes every pooled connection. */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            pool.close();
        } catch (Exception e) {
            // closing is best effort
        }
    }

    /**
     * H2 settings unless the URL sets them: a lock timeout of 10 s; and for databases in files, crash safety:
     * {@code WRITE_DELAY=0} (a commit is in the file when it returns, so a killed process loses no committed
     * transaction; H2's default keeps up to 0.5 s of commits in memory) and {@code MAX_COMPACT_TIME=0} (no
     * compaction when closing; in our kill tests, closing a database recovered from a killed process with the
     * default compaction left files H2 could no longer open); for embedded files also {@code DB_CLOSE_ON_EXIT=FALSE},
     * so that on SIGTERM/Ctrl-C the command's own shutdown hook can still record why its trials stopped before it
     * closes the database (with H2's hook the database closed first and the trials stayed RUNNING), except in the
     * automatic mixed mode ({@code AUTO_SERVER=TRUE}), which H2 refuses with it.
     */
    static String withH2Defaults(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        StringBuilder out = new StringBuilder(url);
        if (!upper.contains(";LOCK_TIMEOUT=")) {
            out.append(";LOCK_TIMEOUT=10000");
        }
        if (!upper.startsWith("JDBC:H2:MEM:")) {
            out.append(upper.contains(";WRITE_DELAY=") ? "" : ";WRITE_DELAY=0");
            out.append(upper.contains(";MAX_COMPACT_TIME=") ? "" : ";MAX_COMPACT_TIME=0");
        }
        boolean embeddedFile = !upper.startsWith("JDBC:H2:MEM:") && !upper.startsWith("JDBC:H2:TCP:") && !upper.startsWith("JDBC:H2:SSL:");
        if (embeddedFile && !upper.contains(";DB_CLOSE_ON_EXIT=") && !upper.contains(";AUTO_SERVER=TRUE")) {
            out.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return out.toString();
    }

    /** What to do when another process holds an H2 file opened without the automatic mixed mode. */
    static String inUseHint(String message) {
        return message.contains("already in use") ? "; another process has this file open without AUTO_SERVER=TRUE:"
                + " open it with the default URL (" + DEFAULT_URL + ") or add ;AUTO_SERVER=TRUE to --db/HF_DB in every"
                + " process, or run a server (hf db start) and use its jdbc:h2:tcp:// URL" : "";
    }

    /**
     * The URL without its password, for messages.
     *
     * @param url a JDBC URL
     * @return the URL with {@code password=...} masked
     */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "Database[" + redact(url) + ", " + vendor + "]";
    }
}
