package dev.hyperforge.search.storage;

import dev.hyperforge.search.Direction;
import java.util.List;
import java.util.Objects;

/**
 * What is needed to create a study in a {@link StudyStorage}. A study has one direction per objective: one for an
 * ordinary study, up to eight for a multi-objective one.
 *
 * <pre>{@code
 * StudySpec single = new StudySpec("mnist", Direction.MINIMIZE, "gp", "{}", 42);
 * StudySpec pareto = new StudySpec("s2", List.of(Direction.MAXIMIZE, Direction.MINIMIZE), "nsga2", "{}", 42);
 * }</pre>
 *
 * @param name unique study name (1..200 characters)
 * @param directions minimise or maximise, one per objective (1..8)
 * @param samplerName sampler name (e.g. {@code random}, {@code genetic}, {@code gp})
 * @param samplerSettingsJson the sampler's settings as a JSON object
 * @param seed the study seed every random stream is derived from
 */
public record StudySpec(String name, List<Direction> directions, String samplerName, String samplerSettingsJson,
                        long seed) {

    /** Validates and copies the fields. */
    public StudySpec {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("study name must have 1..200 non-blank characters, received '"
                    + name + "'");
        }
        directions = Direction.checkAll(directions, "study '" + name + "'");
        if (samplerName == null || samplerName.isBlank()) {
            throw new IllegalArgumentException("sampler name of study '" + name + "' must be non-blank, received '"
                    + samplerName + "'");
        }
        if (samplerSettingsJson == null || !samplerSettingsJson.strip().startsWith("{")) {
            throw new IllegalArgumentException("sampler settings of study '" + name
                    + "' must be a JSON object, received " + samplerSettingsJson);
        }
    }

    /**
     * A single-objective study.
     *
     * @param name unique study name
     * @param direction minimise or maximise
     * @param samplerName sampler name
     * @param samplerSettingsJson sampler settings as a JSON object
     * @param seed study seed
     */
    public StudySpec(String name, Direction direction, String samplerName, String samplerSettingsJson, long seed) {
        this(name, List.of(Objects.requireNonNull(direction, "direction of study '" + name + "'")), samplerName,
                samplerSettingsJson, seed);
    }

    /**
     * @return the direction of a single-objective study
     * @throws IllegalStateException when the study has several objectives
     */
    public Direction direction() {
        if (directions.size() > 1) {
            throw new IllegalStateException("study '" + name + "' has " + directions.size()
                    + " objectives " + directions + "; read directions()");
        }
        return directions.get(0);
    }

    /** @return whether the study has more than one objective */
    public boolean isMultiObjective() {
        return directions.size() > 1;
    }
}
