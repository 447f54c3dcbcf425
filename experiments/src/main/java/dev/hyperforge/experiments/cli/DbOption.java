package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hyperforge.experiments.run.RunHeartbeat;
import dev.hyperforge.tracker.Run;
import java.time.Clock;

import dev.hyperforge.tracker.jdbc.BlobStores;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The {@code --db URL} option, on every command that uses a database and before the command name
 * ({@code hf --db URL runs ...}); default: {@code HF_DB}, else the embedded file database. Opening the database
 * also fails the runs of {@code hf train} processes that died without a word (SIGKILL, power loss): their
 * heartbeat is stale ({@link RunHeartbeat#reapStale}).
 */
public final class DbOption {
    private static final Logger LOG = LoggerFactory.getLogger(DbOption.class);

    @Option(names = "--db", paramLabel = "URL",
            description = "Database: an H2 file (PATH.mv.db) or a URL jdbc:h2:file:…, jdbc:h2:tcp://…, jdbc:postgresql://… (default: $HF_DB, else ./hyperforge.mv.db).")
    String url;

    @Option(names = "--artifacts", paramLabel = "STORE",
            description = "Artifact store: a directory, s3://bucket/prefix[?endpoint=URL] or db (default: $HF_ARTIFACTS,"
                    + " else NAME-artifacts/ beside an embedded database file NAME.mv.db (./hyperforge-artifacts/), else db).")
    String artifacts;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The URL given on this command, else the one given on a parent command or before the command name, else null (the default). */
    String url() {
        if (url != null) {
            return url;
        }
        for (CommandSpec c = mixee == null ? null : mixee.parent(); c != null; c = c.parent()) {
            if (c.userObject() instanceof Main m && m.db != null) {
                return m.db;
            }
            CommandSpec mixin = c.mixins().get("db"); // a parent command's own --db: hf studies --db URL delete NAME
            if (mixin != null && mixin.userObject() instanceof DbOption parent && parent.url != null) {
                return parent.url;
            }
        }
        return null;
    }

    /** The artifact store given on this command, else before the command name, else null (the default). */
    String artifacts() {
        if (artifacts != null) {
            return artifacts;
        }
        for (CommandSpec c = mixee == null ? null : mixee.parent(); c != null; c = c.parent()) {
            if (c.userObject() instanceof Main m && m.artifacts != null) {
                return m.artifacts;
            }
        }
        return null;
    }

    /** An open tracker on the selected database and artifact store, stale single runs failed; close it when done. */
    public Store open() {
        Store s = openStore();
        reap(s, mixee != null && mixee.commandLine() != null ? mixee.commandLine().getErr() : null);
        return s;
    }

    /**
     * Refuses an unsupported {@code --db} (or {@code HF_DB}) or an embedded file that cannot be written, with one line,
     * before a command spends time on anything else (loading data).
     */
    public void check() {
        checkWritable(Database.resolveUrl(url()));
    }

    /** The database (refused with one line when its file cannot be written) and the artifact store, before any reaping. */
    private Store openStore() {
        String dbUrl = Database.resolveUrl(url());
        checkWritable(dbUrl);
        String storeUrl = BlobStores.resolveUrl(artifacts(), dbUrl);
        BlobStores.check(storeUrl);   // refused before the database opens
        Database db = Database.open(dbUrl, this::upgradeNotice);
        try {
            return new Store(db, new JdbcRunStore(db, Clock.systemUTC(), BlobStores.open(storeUrl, db)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Says on the command's stderr, before it starts, that the database's schema is being upgraded: on a large file
     * that can take a minute, during which the command would otherwise print nothing.
     */
    private void upgradeNotice(String line) {
        PrintWriter err = mixee != null && mixee.commandLine() != null ? mixee.commandLine().getErr()
                : new PrintWriter(System.err, true);
        err.println("hf: " + line);
        err.flush();
    }

    private static void reap(Store s, PrintWriter err) {
        List<Run> failed;
        try {
            failed = RunHeartbeat.reapStale(s.runs());
        } catch (RuntimeException e) {
            // e.g. a read-only database: the command itself reports what matters to it
            LOG.warn("could not look for runs of stopped hf train processes: {}", e.getMessage());
            return;
        }
        if (err != null) {
            for (Run r : failed) {
                err.printf("hf: run %d (trial %d of study %d) had stopped: %s; marked FAILED%n", r.id(), r.number(), r.studyId(),
                        r.error());
            }
            err.flush();
        }
    }

    /**
     * An open tracker on the selected database whose connection outages (retried with back-off) are reported
     * to {@code err}; close it when done.
     *
     * @param err where "database connection lost/restored" lines go
     * @return the store
     */
    public Store open(PrintWriter err) {
        Store s = openStore();
        reap(s, err);
        s.database().connectionWatch().listener(m -> {
            err.println("hf: " + m);
            err.flush();
        });
        return s;
    }

    /**
     * An embedded H2 file database whose folder cannot be created or written is refused with one line naming the
     * path (H2 itself would print its own stack traces while failing).
     */
    static void checkWritable(String url) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^jdbc:h2:(?:file:)?([^;]+)").matcher(url);
        if (!m.find() || url.matches("^jdbc:h2:(mem|tcp|ssl|zip|split|nio\\w*|async|retry):.*")) {
            return;
        }
        String p = m.group(1).startsWith("~") ? System.getProperty("user.home") + m.group(1).substring(1) : m.group(1);
        java.nio.file.Path file = java.nio.file.Path.of(p + ".mv.db").toAbsolutePath().normalize();
        java.nio.file.Path dir = file.getParent();
        while (dir != null && !java.nio.file.Files.exists(dir)) {
            dir = dir.getParent();
        }
        String why = dir == null ? "none of its folders exists" : !java.nio.file.Files.isDirectory(dir) ? dir + " is not a folder"
                : java.nio.file.Files.exists(file) && !java.nio.file.Files.isWritable(file) ? "the file is read-only" : tryWrite(dir);
        if (why != null) {
            throw new IllegalArgumentException("--db " + url + ": cannot write the database file " + file + ": " + why);
        }
    }

    private static String tryWrite(java.nio.file.Path dir) {
        try {
            java.nio.file.Files.delete(java.nio.file.Files.createTempFile(dir, ".hf-db-check", ".tmp"));
            return null;
        } catch (java.io.IOException | SecurityException e) {
            return dir + " is not writable";
        }
    }

    /** A database and its run store, closed together. */
    public record Store(Database database, JdbcRunStore runs) implements AutoCloseable {
        @Override
        public void close() {
            runs.close();
            database.close();
        }
    }
}
