package dev.hyperforge.tracker.blob;

import java.io.InputStream;
import java.util.List;

/**
 * Where the bytes of artifacts live, beside the database that keeps their name, kind, size, SHA-256 and
 * location. Objects are content-addressed: the key of some bytes is {@code sha256/ab/abcdef…} (see
 * {@link BlobKeys}), so identical bytes are stored once and a key never names user-supplied text.
 * Implementations: {@link DirectoryBlobStore} (the default), {@link S3BlobStore} and the database store
 * {@code dev.hyperforge.tracker.jdbc.DatabaseBlobStore}; {@code dev.hyperforge.tracker.jdbc.BlobStores#open} picks one from a URL.
 * Every implementation passes {@code BlobStoreContract}. Safe for many threads and processes: a put writes
 * the whole object under a temporary name and publishes it in one step.
 *
 * <pre>{@code
 * try (BlobStore store = new DirectoryBlobStore(Path.of("hyperforge-artifacts"))) {
 *     StoredObject o = store.put(new FileInputStream("best.zip"));
 *     try (InputStream in = store.open(o.key(), o.sha256(), "best.zip of run 3")) { in.transferTo(out); }
 * }
 * }</pre>
 */
public interface BlobStore extends AutoCloseable {

    /**
     * The URL of this store as recorded with each artifact and accepted by {@code BlobStores.open}:
     * {@code db}, {@code file:/abs/dir} or {@code s3://bucket/prefix}. It never carries credentials.
     *
     * @return the location URL
     */
    String location();

    /**
     * Stores the bytes of a stream (read to its end, not closed), hashing them while they stream; stores
     * nothing new when an object with the same content exists already.
     *
     * @param content the bytes
     * @return key, size and SHA-256 of what was stored
     * @throws java.io.UncheckedIOException when the stream or the store fails (nothing is published then)
     */
    StoredObject put(InputStream content);

    /**
     * Opens an object for reading. The stream checks the bytes against {@code expectedSha256} as they are
     * read and fails at the end of the stream with {@link CorruptObjectException} when they differ.
     *
     * @param key object key
     * @param expectedSha256 the SHA-256 the database recorded
     * @param what the artifact, for messages (e.g. {@code "'best-checkpoint.zip' of run 7"})
     * @return the verified stream; close it
     * @throws MissingObjectException when no object has the key
     */
    InputStream open(String key, String expectedSha256, String what);

    /**
     * Whether an object exists, without reading it.
     *
     * @param key object key
     * @return true when present
     */
    boolean exists(String key);

    /**
     * Deletes an object; deleting a missing one is not an error.
     *
     * @param key object key
     * @return true when an object was deleted
     */
    boolean delete(String key);

    /**
     * Every object of the store, by key.
     *
     * @return keys with sizes, sorted by key
     */
    List<StoredObject> list();

    /** Releases clients and connections; the objects stay. */
    @Override
    default void close() {
    }
}
