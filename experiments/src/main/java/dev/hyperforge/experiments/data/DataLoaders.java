package dev.hyperforge.experiments.data;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.hyperforge.experiments.plugins.Plugins;

/**
 * The loader registry: {@code fashion-mnist}, {@code boston}, {@code spam}, {@code babi}, {@code random},
 * {@code images}, {@code text}, {@code csv} and {@code npy} built in; more can be registered in code or found on
 * the plug-in class path ({@link Plugins}: {@code HF_CLASSPATH} or {@code hf --classpath}) through
 * {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * DataSet d = DataLoaders.get("fashion-mnist").load(Map.of("source", "bundled"), 1L);
 * DataLoaders.register(new MyLoader());
 * }</pre>
 */
public final class DataLoaders {
    private static final Map<String, DataLoader> LOADERS = new ConcurrentHashMap<>();
    private static ClassLoader scanned;

    static {
        register(new FashionMnistLoader());
        register(new BostonLoader());
        register(new SpamLoader());
        register(new BabiLoader());
        register(new RandomLoader());
        register(new ImageFolderLoader());
        register(new TextLoader());
        register(new CsvLoader());
        register(new NpyLoader());
    }

    private DataLoaders() {
    }

    /** Registers (or replaces) a loader under its name. */
    public static void register(DataLoader loader) {
        LOADERS.put(loader.name(), loader);
    }

    /** A loader by name: a built-in or registered one, else one found on the plug-in class path. */
    public static Optional<DataLoader> find(String name) {
        DataLoader l = LOADERS.get(name);
        if (l == null) {
            plugins();
            l = LOADERS.get(name);
        }
        return Optional.ofNullable(l);
    }

    /**
     * Registers the loaders that jars on the plug-in class path declare in
     * {@code META-INF/services/dev.hyperforge.experiments.data.DataLoader} (built-in names win).
     */
    private static synchronized void plugins() {
        ClassLoader cl = Plugins.classLoader();
        if (cl == scanned) {
            return;
        }
        for (DataLoader l : Plugins.load(DataLoader.class)) {
            LOADERS.putIfAbsent(l.name(), l);
        }
        scanned = cl;
    }

    /** A loader by name, or an exception listing the known ones. */
    public static DataLoader get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown loader '" + name + "'; known: " + names()));
    }

    /** Whether a loader of this name exists. */
    public static boolean exists(String name) {
        return find(name).isPresent();
    }

    /** The known names (plug-ins included), sorted. */
    public static Set<String> names() {
        plugins();
        return new LinkedHashSet<>(new java.util.TreeSet<>(LOADERS.keySet()));
    }
}
