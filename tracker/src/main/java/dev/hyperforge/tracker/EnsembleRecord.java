package dev.hyperforge.tracker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A saved ensemble as stored in the tracker (see {@link EnsembleSpec} for the fields' meaning).
 *
 * @param id store-wide id
 * @param studyId the study its members belong to
 * @param spec name, members, weights, method and metric
 * @param createdAt when it was saved
 */
public record EnsembleRecord(long id, long studyId, EnsembleSpec spec, Instant createdAt) {

    /** Checks the required fields. */
    public EnsembleRecord {
        Objects.requireNonNull(spec, "ensemble spec");
        Objects.requireNonNull(createdAt, "ensemble creation time");
    }

    /** @return the ensemble's name */
    public String name() {
        return spec.name();
    }

    /** @return the member run ids, in the order of the weights */
    public List<Long> memberRunIds() {
        return spec.memberRunIds();
    }

    /** @return the weights, one per member */
    public List<Double> weights() {
        return spec.weights();
    }
}
