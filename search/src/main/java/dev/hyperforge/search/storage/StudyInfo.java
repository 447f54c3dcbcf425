package dev.hyperforge.search.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored study: its id and the spec it was created with.
 *
 * @param id storage-wide study id
 * @param spec what it was created with
 * @param createdAt when it was created
 */
public record StudyInfo(long id, StudySpec spec, Instant createdAt) {

    /** Validates the fields. */
    public StudyInfo {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
