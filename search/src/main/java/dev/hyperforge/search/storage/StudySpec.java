package dev.hyperforge.search.storage;

import dev.hyperforge.search.Direction;
import java.util.Objects;

/**
 * What is needed to create a study in a {@link StudyStorage}.
 *
 * @param name unique study name (1..200 characters)
 * @param direction minimise or maximise
 * @param samplerName sampler name (e.g. {@code random}, {@code genetic}, {@code gp})
 * @param samplerSettingsJson the sampler's settings as a JSON object
 * @param seed the study seed every random stream is derived from
 */
public record StudySpec(String name, Direction direction, String samplerName, String samplerSettingsJson,
                        long seed) {

    /** Validates the fields. */
    public StudySpec {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("study name must have 1..200 non-blank characters, received '"
                    + name + "'");
        }
        Objects.requireNonNull(direction, "direction of study '" + name + "'");
        if (samplerName == null || samplerName.isBlank()) {
            throw new IllegalArgumentException("sampler name of study '" + name + "' must be non-blank, received '"
                    + samplerName + "'");
        }
        if (samplerSettingsJson == null || !samplerSettingsJson.strip().startsWith("{")) {
            throw new IllegalArgumentException("sampler settings of study '" + name
                    + "' must be a JSON object, received " + samplerSettingsJson);
        }
    }
}
