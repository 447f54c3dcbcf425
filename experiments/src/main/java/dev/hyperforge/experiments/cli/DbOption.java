package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Clock;

import dev.hyperforge.tracker.jdbc.BlobStores;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;

/**
 * The {@code --db URL} option, on every command that uses a database and before the command name
 * ({@code hf --db URL runs ...}); default: {@code HF_DB}, else the embedded file database.
 */
public final class DbOption {
    @Option(names = "--db", paramLabel = "URL",
            description = "Database URL: jdbc:h2:file:…, jdbc:h2:tcp://…, jdbc:postgresql://… (default: $HF_DB, else ./hyperforge.mv.db).")
    String url;

    @Option(names = "--artifacts", paramLabel = "STORE",
            description = "Artifact store: a directory, s3://bucket/prefix[?endpoint=URL] or db (default: $HF_ARTIFACTS,"
                    + " else NAME-artifacts/ beside an embedded database file NAME.mv.db (./hyperforge-artifacts/), else db).")
    String artifacts;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The URL given on this command, else the one given before the command name, else null (the default). */
    String url() {
        if (url != null) {
            return url;
        }
        for (CommandSpec c = mixee == null ? null : mixee.parent(); c != null; c = c.parent()) {
            if (c.userObject() instanceof Main m && m.db != null) {
                return m.db;
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

    /** An open tracker on the selected database and artifact store; close it when done. */
    public Store open() {
        String dbUrl = Database.resolveUrl(url());
        String storeUrl = BlobStores.resolveUrl(artifacts(), dbUrl);
        BlobStores.check(storeUrl);   // refused before the database opens
        Database db = Database.open(dbUrl);
        try {
            return new Store(db, new JdbcRunStore(db, Clock.systemUTC(), BlobStores.open(storeUrl, db)));
        } catch (RuntimeException e) {
            db.close();
            throw e;
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
        Store s = open();
        s.database().connectionWatch().listener(m -> {
            err.println("hf: " + m);
            err.flush();
        });
        return s;
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
