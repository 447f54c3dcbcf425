package dev.hyperforge.tracker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Write-once files of a run: checkpoints, model configs, predictions. The tracker keeps each artifact's name,
 * kind, size, SHA-256 and location; the bytes live in an artifact store beside it (a directory, S3, or the
 * database: {@code dev.hyperforge.tracker.blob.BlobStore}). The object is written first and the reference
 * committed after, so no run ever references a missing object because a writer died. Reads stream and are
 * checked against the recorded SHA-256. One concern of a {@link RunStore}; every implementation passes
 * {@code RunStoreContract}.
 *
 * <pre>{@code
 * Artifact a = store.saveArtifact(runId, "model.json", ArtifactKind.MODEL_CONFIG, "application/json", bytes);
 * try (InputStream in = store.openArtifact(a.id())) { in.transferTo(out); }
 * }</pre>
 */
public interface ArtifactStore {

    /**
     * Stores an artifact of a non-finished run from a stream (read to its end, not closed), never holding it
     * whole in memory (except in the in-memory store).
     *
     * @param runId run
     * @param name name, unique within the run
     * @param kind what it holds
     * @param mediaType media type
     * @param content the bytes
     * @return its metadata
     */
    Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, InputStream content);

    /**
     * Stores an artifact of a non-finished run.
     *
     * @param runId run
     * @param name name, unique within the run
     * @param kind what it holds
     * @param mediaType media type
     * @param content the bytes
     * @return its metadata
     */
    default Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, byte[] content) {
        return saveArtifact(runId, name, kind, mediaType, new ByteArrayInputStream(content.clone()));
    }

    /**
     * Metadata of a run's artifacts, by name.
     *
     * @param runId run
     * @return the artifacts
     */
    List<Artifact> artifacts(long runId);

    /**
     * Opens an artifact's bytes as a stream that fails at its end when they do not hash to the recorded SHA-256.
     *
     * @param artifactId artifact id
     * @return the stream; close it
     * @throws java.util.NoSuchElementException for an unknown id, or (as
     *         {@code dev.hyperforge.tracker.blob.MissingObjectException}) when the object is gone from its store
     */
    InputStream openArtifact(long artifactId);

    /**
     * The bytes of an artifact, checked against the recorded SHA-256.
     *
     * @param artifactId artifact id
     * @return the bytes
     */
    default byte[] artifactContent(long artifactId) {
        try (InputStream in = openArtifact(artifactId)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Whether an artifact's object is present in its store (without reading or hashing it).
     *
     * @param artifactId artifact id
     * @return false when the object was deleted behind the tracker's back
     */
    boolean artifactPresent(long artifactId);

    /**
     * Deletes an artifact of any run (retention). Its object stays in the artifact store until garbage
     * collection ({@code hf gc}) finds that no artifact references it.
     *
     * @param artifactId artifact id
     * @throws java.util.NoSuchElementException for an unknown id
     */
    void deleteArtifact(long artifactId);
}
