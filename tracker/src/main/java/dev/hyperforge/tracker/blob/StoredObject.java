package dev.hyperforge.tracker.blob;

import java.util.Objects;

/**
 * An object in a {@link BlobStore}: its key, its length and the SHA-256 of its bytes.
 *
 * <pre>{@code
 * StoredObject o = store.put(in);   // o.key() = "sha256/3f/3fa9…", o.sha256() = "3fa9…"
 * }</pre>
 *
 * @param key object key ({@link BlobKeys#forSha256})
 * @param size length in bytes
 * @param sha256 lower-case hex SHA-256 of the bytes
 */
public record StoredObject(String key, long size, String sha256) {
    /** Checks the fields. */
    public StoredObject {
        BlobKeys.check(key);
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("object size must be >= 0, got " + size);
        }
    }
}
