package dev.hyperforge.tracker;

import java.time.Instant;

/**
 * Metadata of an artifact stored with a run; the bytes are read with {@link RunStore#openArtifact(long)}.
 *
 * <p>The bytes live in an artifact store named by {@code location}: a directory ({@code file:/…}), an S3
 * bucket ({@code s3://…}) or the database ({@code db}); {@code db-row} marks artifacts written before
 * schema V6, whose bytes are still in their row until {@code hf artifacts migrate} moves them out.
 *
 * <pre>{@code
 * Artifact a = store.artifacts(runId).get(0);   // a.sha256(), a.sizeBytes(), a.location()
 * }</pre>
 *
 * @param id store-wide id
 * @param runId owning run
 * @param name name, unique within the run (e.g. {@code best.ckpt})
 * @param kind what it holds
 * @param mediaType media type (e.g. {@code application/octet-stream}, {@code application/json})
 * @param sha256 SHA-256 of the bytes
 * @param sizeBytes length of the bytes
 * @param createdAt when it was stored
 * @param location URL of the store holding the bytes
 */
public record Artifact(long id, long runId, String name, ArtifactKind kind, String mediaType, String sha256,
                       long sizeBytes, Instant createdAt, String location) {
    /** Location of artifacts written before schema V6: the bytes are in the artifact's own row. */
    public static final String IN_ROW = "db-row";
}
