package dev.hyperforge.experiments.file;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code data} section: a loader by name, its options and the split.
 *
 * <pre>{@code
 * DataSpec d = new DataSpec("boston", Map.of(), SplitSpec.kfold(4));
 * }</pre>
 *
 * @param loader a loader name known to {@code dev.hyperforge.experiments.data.DataLoaders}
 * @param options loader options (plain values, no references)
 * @param split how to validate
 */
public record DataSpec(String loader, Map<String, Object> options, SplitSpec split) {
    /** Validates and copies. */
    @SuppressWarnings("unchecked")
    public DataSpec {
        if (loader == null || loader.isBlank()) {
            throw new IllegalArgumentException("data needs a loader name");
        }
        options = (Map<String, Object>) Params.freeze(options == null ? Map.of() : options);
        split = Objects.requireNonNullElse(split, SplitSpec.none());
    }
}
