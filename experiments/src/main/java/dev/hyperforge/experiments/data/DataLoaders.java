package dev.hyperforge.experiments.data;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loader registry: {@code fashion-mnist}, {@code boston}, {@code spam}, {@code babi}, {@code random}
 * built in; more can be registered.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("fashion-mnist").load(Map.of("source", "bundled"), 1L);
 * DataLoaders.register(new MyLoader());
 * }</pre>
 */
public final class DataLoaders {
    private static final Map<String, DataLoader> LOADERS = new ConcurrentHashMap<>();

    static {
        register(new FashionMnistLoader());
        register(new BostonLoader());
        register(new SpamLoader());
        register(new BabiLoader());
        register(new RandomLoader());
        register(new CsvLoader());
        register(new NpyLoader());
    }

    private DataLoaders() {
    }

    /** Registers (or replaces) a loader under its name. */
    public static void register(DataLoader loader) {
        LOADERS.put(loader.name(), loader);
    }

    /** A loader by name. */
    public static Optional<DataLoader> find(String name) {
        return Optional.ofNullable(LOADERS.get(name));
    }

    /** A loader by name, or an exception listing the known ones. */
    public static DataLoader get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown loader '" + name + "'; known: " + names()));
    }

    /** Whether a loader of this name exists. */
    public static boolean exists(String name) {
        return LOADERS.containsKey(name);
    }

    /** The known names, sorted. */
    public static Set<String> names() {
        return new LinkedHashSet<>(new java.util.TreeSet<>(LOADERS.keySet()));
    }
}
