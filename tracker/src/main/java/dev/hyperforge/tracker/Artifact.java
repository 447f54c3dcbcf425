package dev.hyperforge.tracker;

import java.time.Instant;

/**
 * Metadata of an artifact stored with a run; the bytes are read with {@link RunStore#artifactContent(long)}.
 *
 * <p>Artifacts are stored inside the database (BLOB on H2, BYTEA on PostgreSQL) rather than in a files
 * directory, so that one database URL is the complete memory of a study even when workers run on other
 * hosts (server mode, PostgreSQL).
 *
 * @param id store-wide id
 * @param runId owning run
 * @param name name, unique within the run (e.g. {@code best.ckpt})
 * @param kind what it holds
 * @param mediaType media type (e.g. {@code application/octet-stream}, {@code application/json})
 * @param sha256 SHA-256 of the bytes
 * @param sizeBytes length of the bytes
 * @param createdAt when it was stored
 */
public record Artifact(long id, long runId, String name, ArtifactKind kind, String mediaType, String sha256,
                       long sizeBytes, Instant createdAt) {
}
