package dev.hyperforge.experiments.data;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A named source of data. Loading is deterministic for given options and seed, so replays see the
 * same data.
 *
 * <pre>{@code
 * DataLoader l = DataLoaders.get("babi");
 * DataSet d = l.load(Map.of("samples", 2000), 42L);
 * }</pre>
 */
public interface DataLoader {
    /** The name used in experiment files ({@code data.loader}). */
    String name();

    /** The option keys this loader accepts. */
    Set<String> options();

    /** Whether the loader provides a test part (for {@code split: {test: true}}). */
    boolean hasTestSet();

    /**
     * Whether the loader provides a test part with these options (loaders that hold out a part only when
     * asked, such as {@code validation: 0.2} of {@code images} and {@code text}, override this).
     *
     * @param options the experiment's {@code data.options}
     */
    default boolean hasTestSet(Map<String, Object> options) {
        return hasTestSet();
    }

    /**
     * Checks option values without loading (called while an experiment file is validated).
     *
     * @throws IllegalArgumentException naming the option
     */
    default void checkOptions(Map<String, Object> options) {
    }

    /**
     * Loads or generates the data.
     *
     * @param options the experiment's {@code data.options}
     * @param seed seed for generation and sub-sampling
     */
    DataSet load(Map<String, Object> options, long seed);

    /**
     * Loads the data, resolving relative file paths in the options against {@code baseDir} (the experiment
     * file's folder). Loaders that read users' files override this; the default ignores the folder.
     *
     * @param options the experiment's {@code data.options}
     * @param seed seed for generation, sub-sampling and splits
     * @param baseDir the folder relative paths are resolved against
     */
    default DataSet load(Map<String, Object> options, long seed, Path baseDir) {
        return load(options, seed);
    }
}
