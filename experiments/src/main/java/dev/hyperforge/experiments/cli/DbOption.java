package dev.hyperforge.experiments.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    /** An open tracker on the selected database; close it when done. */
    public Store open() {
        Database db = Database.open(Database.resolveUrl(url()));
        return new Store(db, new JdbcRunStore(db));
    }

    /**
     * Like {@link #open()}, but an embedded H2 database is not closed by H2's own shutdown hook
     * ({@code DB_CLOSE_ON_EXIT=FALSE}): the caller closes it, in its own shutdown hook once it has recorded
     * what an interrupt means (see {@code StudyRunner#afterInterrupt}).
     */
    public Store openClosedByCaller() {
        String u = Database.resolveUrl(url());
        boolean embeddedH2 = u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:tcp:") && !u.startsWith("jdbc:h2:ssl:")
                && !u.startsWith("jdbc:h2:mem:") && !u.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT");
        Database db = Database.open(embeddedH2 ? u + ";DB_CLOSE_ON_EXIT=FALSE" : u);
        return new Store(db, new JdbcRunStore(db));
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
