/**
 * Artifact stores: where the bytes of checkpoints, predictions and summaries live, beside the tracker
 * database that keeps their name, kind, size, SHA-256 and location. {@link dev.hyperforge.tracker.blob.BlobStore}
 * is the contract (content-addressed keys {@code sha256/ab/abcdef…}, streaming puts, reads verified against
 * the recorded hash); {@link dev.hyperforge.tracker.blob.DirectoryBlobStore} and
 * {@link dev.hyperforge.tracker.blob.S3BlobStore} implement it here, the database store lives in the
 * {@code jdbc} package, and {@code jdbc.BlobStores} opens one from a URL.
 *
 * <pre>{@code
 * BlobStore objects = BlobStores.open("s3://ml-artifacts/hyperforge", db);
 * RunStore store = new JdbcRunStore(db, Clock.systemUTC(), objects);
 * }</pre>
 */
package dev.hyperforge.tracker.blob;
