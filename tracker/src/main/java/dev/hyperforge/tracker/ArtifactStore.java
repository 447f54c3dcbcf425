package dev.hyperforge.tracker;

import java.util.List;

/**
 * Write-once files of a run: checkpoints, model configs, predictions.
 * One concern of a {@link RunStore}; every
 * implementation passes {@code RunStoreContract}.
 *
 * <pre>{@code
 * Artifact a = store.saveArtifact(runId, "model.json", ArtifactKind.MODEL_CONFIG, "application/json", bytes);
 * byte[] back = store.artifactContent(a.id());
 * }</pre>
 */
public interface ArtifactStore {

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
    Artifact saveArtifact(long runId, String name, ArtifactKind kind, String mediaType, byte[] content);

    /**
     * Metadata of a run's artifacts, by name.
     *
     * @param runId run
     * @return the artifacts
     */
    List<Artifact> artifacts(long runId);

    /**
     * The bytes of an artifact.
     *
     * @param artifactId artifact id
     * @return the bytes
     */
    byte[] artifactContent(long artifactId);
}
