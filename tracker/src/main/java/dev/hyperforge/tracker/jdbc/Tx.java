package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a unit of work in one transaction, retrying on lock conflicts and deadlocks, and, with exponential
 * back-off, while the database connection is lost (reported through the database's {@link ConnectionWatch}).
 */
final class Tx {
    /** Attempts before giving up on a conflicting transaction. */
    static final int MAX_ATTEMPTS = 30;
    /** 40001 serialization/deadlock (H2, PG), 40P01 PG deadlock, HYT00 H2 lock timeout, 90131 H2 concurrent update. */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "HYT00", "90131");
    /** Unique violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /** Work done with a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Tx() {
    }

    static <T> T run(Database db, String what, Work<T> work) {
        return run(db, what, false, work);
    }

    /**
     * Runs {@code work} in a transaction; {@code retryUnique} also retries unique violations (used where a
     * concurrent writer may have inserted the same key, e.g. the first insert of an experiment).
     */
    static <T> T run(Database db, String what, boolean retryUnique, Work<T> work) {
        ConnectionWatch watch = db.connectionWatch();
        int outageAttempts = 0;
        long firstFailure = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = once(db, work);
                watch.succeeded();
                return result;
            } catch (SQLException e) {
                if (ConnectionWatch.isConnectionLoss(e)) {
                    firstFailure = outageAttempts == 0 ? System.nanoTime() : firstFailure;
                    watch.failed(what, e, firstFailure, ++outageAttempts);
                    attempt--;
                    continue;
                }
                boolean retry = isTransient(e) || (retryUnique && UNIQUE_VIOLATION.equals(e.getSQLState()));
                if (!retry || attempt >= MAX_ATTEMPTS) {
                    throw new StoreException(what + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "")
                            + ": " + e.getMessage(), e);
                }
                backoff(attempt);
            }
        }
    }

    private static <T> T once(Database db, Work<T> work) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                resetQuietly(c);
            }
        }
    }

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && TRANSIENT.contains(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 10) * 10L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying a transaction", e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure matters more
        }
    }

    private static void resetQuietly(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // a broken connection: the pool discards it
        }
    }
}
