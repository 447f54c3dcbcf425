package dev.hyperforge.tracker.blob;

import java.util.NoSuchElementException;

/**
 * An artifact's object is not in its store (deleted behind the tracker's back, or the store moved); the
 * message names the artifact, the store and the SHA-256 the database expects.
 *
 * <pre>{@code
 * try (InputStream in = store.openArtifact(id)) { ... } catch (MissingObjectException e) { err.println(e.getMessage()); }
 * }</pre>
 */
public final class MissingObjectException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what the artifact (e.g. {@code "'best-checkpoint.zip' of run 7"})
     * @param location store URL and key
     * @param expectedSha256 the recorded hash
     */
    public MissingObjectException(String what, String location, String expectedSha256) {
        super("artifact " + what + " is missing: no object at " + location + " (expected sha256 " + expectedSha256
                + "); it was deleted outside Hyperforge or the artifact store moved (--artifacts/HF_ARTIFACTS)");
    }
}
