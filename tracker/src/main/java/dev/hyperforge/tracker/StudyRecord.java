package dev.hyperforge.tracker;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored study as the tracker keeps it: search's {@link StudyInfo} plus the experiment file it came from
 * (its sampler state is loaded separately with {@link RunStore#loadSamplerState(long)}).
 *
 * <pre>{@code
 * StudyRecord s = store.createOrGetStudy(new StudySpec("mnist", Direction.MINIMIZE, "gp", "{}", 42), experimentId);
 * StudyInfo info = s.info();   // what search's StudyStorage hands out for the same study
 * }</pre>
 *
 * @param id store-wide study id
 * @param spec name, direction, sampler and seed it was created with
 * @param experimentId linked experiment file, or null
 * @param createdAt creation time
 */
public record StudyRecord(long id, StudySpec spec, Long experimentId, Instant createdAt) {

    /** Validates the fields. */
    public StudyRecord {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** @return the study as search's storage contract describes it */
    public StudyInfo info() {
        return new StudyInfo(id, spec, createdAt);
    }

    /** @return the unique name */
    public String name() {
        return spec.name();
    }

    /**
     * @return minimise or maximise: the study's direction, or the first objective's direction of a multi-objective
     *     study (the one its runs sort by; {@link #directions()} has them all)
     */
    public Direction direction() {
        return spec.directions().get(0);
    }

    /** @return one direction per objective */
    public java.util.List<Direction> directions() {
        return spec.directions();
    }

    /** @return whether the study has several objectives */
    public boolean isMultiObjective() {
        return spec.isMultiObjective();
    }

    /** @return the sampler name */
    public String samplerName() {
        return spec.samplerName();
    }

    /** @return the sampler settings (JSON object) */
    public String samplerSettingsJson() {
        return spec.samplerSettingsJson();
    }

    /** @return the study's seed */
    public long seed() {
        return spec.seed();
    }
}
