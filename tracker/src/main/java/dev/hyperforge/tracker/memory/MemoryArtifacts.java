package dev.hyperforge.tracker.memory;

import dev.hyperforge.tracker.Artifact;
import dev.hyperforge.tracker.ArtifactKind;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.blob.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The artifacts of {@link InMemoryRunStore}, guarded by the store's lock: write-once bytes by id. */
final class MemoryArtifacts {
    private record Stored(Artifact meta, byte[] bytes) {
    }

    /** The location of every in-memory artifact. */
    static final String LOCATION = "memory";

    private final Map<Long, Stored> byId = new HashMap<>();
    private long nextId = 1;

    Artifact save(long runId, String name, ArtifactKind kind, String mediaType, byte[] content, Instant now) {
        byte[] bytes = content.clone();
        if (byId.values().stream().anyMatch(a -> a.meta.runId() == runId && a.meta.name().equals(name))) {
            throw new IllegalArgumentException("run " + runId + " already has an artifact named '" + name
                    + "'; artifacts are write-once, choose another name");
        }
        Artifact meta = new Artifact(nextId++, runId, name, kind, mediaType, Hashing.sha256Hex(bytes), bytes.length,
                now, LOCATION);
        byId.put(meta.id(), new Stored(meta, bytes));
        return meta;
    }

    List<Artifact> of(long runId) {
        return byId.values().stream().map(Stored::meta).filter(a -> a.runId() == runId)
                .sorted(Comparator.comparing(Artifact::name)).toList();
    }

    /** Removes the artifacts of a run; returns how many there were. */
    int deleteOf(long runId) {
        int before = byId.size();
        byId.values().removeIf(a -> a.meta.runId() == runId);
        return before - byId.size();
    }

    InputStream open(long artifactId) {
        Stored a = get(artifactId);
        return new VerifyingInputStream(new ByteArrayInputStream(a.bytes), a.meta.sha256(),
                "'" + a.meta.name() + "' of run " + a.meta.runId());
    }

    void delete(long artifactId) {
        get(artifactId);
        byId.remove(artifactId);
    }

    private Stored get(long artifactId) {
        Stored a = byId.get(artifactId);
        if (a == null) {
            throw new NoSuchElementException("no artifact with id " + artifactId);
        }
        return a;
    }
}
