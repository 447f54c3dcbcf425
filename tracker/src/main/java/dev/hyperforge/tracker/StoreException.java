package dev.hyperforge.tracker;

/**
 * A storage failure that is not the caller's fault (database unreachable, disk full, a transaction that kept
 * conflicting after retries). Wraps the underlying {@link java.sql.SQLException}.
 */
public class StoreException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what was being done
     * @param cause the underlying failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
