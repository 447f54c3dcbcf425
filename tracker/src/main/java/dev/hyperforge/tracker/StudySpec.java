package dev.hyperforge.tracker;

import java.util.Objects;

/**
 * What is needed to create a study: its name, direction, sampler and the seed of its random stream.
 *
 * @param name unique study name, 1..200 characters
 * @param direction minimise or maximise
 * @param samplerName name of the sampler (e.g. {@code random}, {@code genetic}, {@code gp})
 * @param samplerSettingsJson the sampler's settings as a JSON object
 * @param seed the study's seed
 * @param experimentId id of the experiment file the study came from, or null
 */
public record StudySpec(String name, Direction direction, String samplerName, String samplerSettingsJson, long seed,
                        Long experimentId) {

    /** Validates the fields. */
    public StudySpec {
        Checks.name("study name", name, 200);
        Objects.requireNonNull(direction, "direction");
        Checks.name("sampler name", samplerName, 200);
        Checks.jsonObject("sampler settings of study '" + name + "'", samplerSettingsJson);
    }

    /**
     * A spec without an experiment link.
     *
     * @param name study name
     * @param direction direction
     * @param samplerName sampler name
     * @param samplerSettingsJson sampler settings (JSON object)
     * @param seed seed
     * @return the spec
     */
    public static StudySpec of(String name, Direction direction, String samplerName, String samplerSettingsJson,
                               long seed) {
        return new StudySpec(name, direction, samplerName, samplerSettingsJson, seed, null);
    }
}
