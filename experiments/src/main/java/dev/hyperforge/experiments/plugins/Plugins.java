package dev.hyperforge.experiments.plugins;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import dev.hyperforge.engine.layers.LayerRegistry;

/**
 * The class path of users' plug-ins: jars (or class folders) from the {@code HF_CLASSPATH} environment variable
 * and from {@code hf --classpath}, both lists separated like the JVM's ({@code :} on Unix). Services are found with
 * {@link ServiceLoader}: a jar declares its classes in {@code META-INF/services/<interface name>}, one class per
 * line. The {@code ./hf} launcher also puts {@code HF_CLASSPATH} on the JVM's class path, so plug-ins load either way.
 *
 * <pre>{@code
 * // META-INF/services/dev.hyperforge.experiments.data.DataLoader contains: com.acme.ParquetLoader
 * Plugins.addClasspath("lib/acme-loaders.jar");
 * for (DataLoader l : Plugins.load(DataLoader.class)) { ... }
 * }</pre>
 */
public final class Plugins {
    /** The environment variable read once, at first use. */
    public static final String ENV = "HF_CLASSPATH";
    private static final Set<Path> ENTRIES = new LinkedHashSet<>();
    private static ClassLoader loader;
    private static boolean envRead;

    private Plugins() {
    }

    /**
     * Adds entries to the plug-in class path.
     *
     * @param pathList entries separated by {@link File#pathSeparator}
     * @throws IllegalArgumentException naming an entry that does not exist
     */
    public static synchronized void addClasspath(String pathList) {
        add(pathList, "--classpath");
    }

    private static void add(String pathList, String origin) {
        for (String p : pathList.split(File.pathSeparator)) {
            if (p.isBlank()) {
                continue;
            }
            Path path = Path.of(p.trim());
            if (!Files.exists(path)) {
                throw new IllegalArgumentException(origin + ": no such jar or folder '" + p.trim() + "' (resolved to " + path.toAbsolutePath() + ")");
            }
            if (ENTRIES.add(path.toAbsolutePath().normalize())) {
                loader = null;
            }
        }
    }

    /** The entries added so far (after reading {@code HF_CLASSPATH}). */
    public static synchronized List<Path> entries() {
        readEnv();
        return List.copyOf(ENTRIES);
    }

    /** The class loader over the plug-in entries (the application's own when there are none). */
    public static synchronized ClassLoader classLoader() {
        readEnv();
        if (loader == null) {
            ClassLoader parent = Plugins.class.getClassLoader();
            loader = ENTRIES.isEmpty() ? parent : new URLClassLoader("hf-plugins", urls(), parent);
            if (loader != parent) {
                LayerRegistry.addProviders(loader); // layers are looked up by name in the engine, not through this class
            }
        }
        return loader;
    }

    private static void readEnv() {
        if (!envRead) {
            envRead = true;
            String env = System.getenv(ENV);
            if (env != null && !env.isBlank()) {
                add(env, ENV);
            }
        }
    }

    private static URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (Path p : ENTRIES) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("plug-in class path entry " + p + " is not a valid URL", e);
            }
        }
        return urls.toArray(new URL[0]);
    }

    /**
     * Instances of every provider of {@code service} on the plug-in class path.
     *
     * @throws IllegalArgumentException when a declared provider cannot be loaded or created (naming it)
     */
    public static <T> List<T> load(Class<T> service) {
        List<T> out = new ArrayList<>();
        try {
            ServiceLoader.load(service, classLoader()).forEach(out::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a plug-in " + service.getSimpleName() + " cannot be loaded: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
        }
        return out;
    }

    /** The classes of every provider of {@code service} on the plug-in class path, without creating them. */
    public static <T> List<Class<? extends T>> types(Class<T> service) {
        List<Class<? extends T>> out = new ArrayList<>();
        try {
            ServiceLoader.load(service, classLoader()).stream().forEach(p -> out.add(p.type()));
        } catch (ServiceConfigurationError e) {
            throw new IllegalArgumentException("a plug-in " + service.getSimpleName() + " cannot be loaded: " + e.getMessage(), e);
        }
        return out;
    }
}
