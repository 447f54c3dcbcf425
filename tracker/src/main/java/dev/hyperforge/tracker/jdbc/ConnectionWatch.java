package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.StoreException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Watches the connection to a database server (H2 TCP or PostgreSQL). When it is lost, every transaction is
 * retried with exponential back-off (0.1 s doubling up to 5 s) until the connection is back or the transaction
 * has waited longer than {@link #maxOutage()} (then it fails with a {@link StoreException}). The first failure
 * of an outage and the recovery are reported once each to the listener (stderr by default), not per thread.
 *
 * <pre>{@code
 * Database db = Database.open("jdbc:h2:tcp://db-host:9092/./hyperforge");
 * db.connectionWatch().maxOutage(Duration.ofMinutes(10)).listener(msg -> log.warn(msg));
 * }</pre>
 *
 * <p>Embedded databases (file, mem) have no connection to lose: nothing is retried for them.
 */
public final class ConnectionWatch {
    /**
     * SQL states of a lost or refused connection and of a server shutting down: H2 90067 connection broken,
     * 90098/90121 database closed, 90028/90031 I/O errors on the socket; PostgreSQL 57P01-57P03 (and class 08).
     */
    private static final Set<String> LOST = Set.of("90067", "90098", "90121", "90028", "90031", "57P01", "57P02", "57P03");
    /** H2's general error, which a server stopping under a running statement reports as "... is closed". */
    private static final int H2_GENERAL_ERROR = 50000;
    private static final long FIRST_PAUSE_MS = 100;
    private static final long LONGEST_PAUSE_MS = 5_000;

    private final String url;
    private final boolean remote;
    private volatile Duration maxOutage = Duration.ofMinutes(5);
    private volatile Consumer<String> listener = m -> System.err.println("hf: " + m);
    private final AtomicLong downSince = new AtomicLong();
    private final AtomicLong restoredAt = new AtomicLong();
    private final AtomicInteger outages = new AtomicInteger();

    ConnectionWatch(String url, boolean remote) {
        this.url = Database.redact(url);
        this.remote = remote;
    }

    /**
     * Whether an exception means the connection to the server is lost (and worth retrying).
     *
     * @param e the failure
     * @return true for lost/refused connections and server shutdowns
     */
    static boolean isConnectionLoss(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || LOST.contains(s.getSQLState()))) {
                return true;
            }
            if (t instanceof SQLException s && s.getErrorCode() == H2_GENERAL_ERROR && String.valueOf(s.getMessage()).contains("closed")) {
                return true;
            }
        }
        return false;
    }

    /** @return how long one transaction waits for a lost connection before failing */
    public Duration maxOutage() {
        return maxOutage;
    }

    /**
     * @param value how long one transaction waits for a lost connection before failing (positive)
     * @return this watch
     */
    public ConnectionWatch maxOutage(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("database retry time must be positive, received " + value);
        }
        this.maxOutage = value;
        return this;
    }

    /**
     * @param value receives one line when the connection is lost and one when it is restored
     * @return this watch
     */
    public ConnectionWatch listener(Consumer<String> value) {
        this.listener = Objects.requireNonNull(value, "listener");
        return this;
    }

    /** @return true while the connection is lost */
    public boolean isDown() {
        return downSince.get() != 0;
    }

    /** @return how many outages ended so far */
    public int outages() {
        return outages.get();
    }

    /**
     * @return the {@link System#nanoTime()} at which the last outage ended, or 0 if there was none
     */
    public long restoredAtNanos() {
        return restoredAt.get();
    }

    /**
     * Called by a transaction that lost its connection: reports the outage once, then waits before the retry.
     *
     * @param what the transaction, for messages
     * @param e the failure
     * @param firstFailureNanos when this transaction first failed
     * @param attempt this transaction's failures so far (1-based)
     * @throws StoreException when the database is embedded, or the outage lasted too long for this transaction
     */
    void failed(String what, SQLException e, long firstFailureNanos, int attempt) {
        if (!remote) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
        long now = System.nanoTime();
        if (downSince.compareAndSet(0, now)) {
            listener.accept("database connection lost (" + url + "): " + e.getMessage() + "; retrying with back-off for up to "
                    + maxOutage.toSeconds() + " s");
        }
        long waited = now - firstFailureNanos;
        if (waited > maxOutage.toNanos()) {
            throw new StoreException(what + " failed: the database connection (" + url + ") was not restored within "
                    + maxOutage.toSeconds() + " s: " + e.getMessage(), e);
        }
        long pause = Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS << Math.min(attempt - 1, 10));
        pause = Math.min(pause, Math.max(1, (maxOutage.toNanos() - waited) / 1_000_000));
        try {
            Thread.sleep(pause);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " failed: interrupted while waiting for the database connection", e);
        }
    }

    /** Called after every committed transaction: reports the end of an outage. */
    void succeeded() {
        if (downSince.get() == 0) {
            return;
        }
        long since = downSince.getAndSet(0);
        if (since != 0) {
            long now = System.nanoTime();
            restoredAt.set(now);
            outages.incrementAndGet();
            listener.accept(String.format(java.util.Locale.ROOT, "database connection restored (%s) after %.1f s", url,
                    (now - since) / 1e9));
        }
    }
}
