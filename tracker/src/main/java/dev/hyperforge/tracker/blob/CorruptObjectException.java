package dev.hyperforge.tracker.blob;

import java.io.IOException;

/**
 * The bytes read from a store do not hash to what the database recorded; thrown by the verifying stream of
 * {@link BlobStore#open} when it reaches the end, so corrupted content is never taken silently.
 *
 * <pre>{@code
 * in.transferTo(out);   // throws CorruptObjectException at the end when the hash differs
 * }</pre>
 */
public final class CorruptObjectException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what the artifact
     * @param expected the recorded SHA-256
     * @param actual the SHA-256 of the bytes read
     */
    public CorruptObjectException(String what, String expected, String actual) {
        super("artifact " + what + " is corrupted: its bytes hash to sha256 " + actual + ", expected " + expected);
    }
}
