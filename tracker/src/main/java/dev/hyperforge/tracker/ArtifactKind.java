package dev.hyperforge.tracker;

/** What an artifact holds. */
public enum ArtifactKind {
    /** Model weights/checkpoint bytes. */
    CHECKPOINT,
    /** Validation predictions encoded with {@link FloatArrays#encode(float[], int...)}. */
    PREDICTIONS,
    /** The model summary or configuration as JSON. */
    MODEL_CONFIG,
    /** Anything else. */
    OTHER
}
