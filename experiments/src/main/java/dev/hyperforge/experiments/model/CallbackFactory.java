package dev.hyperforge.experiments.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.experiments.plugins.Plugins;

/**
 * Creates callbacks by type name from Keras-named arguments. Lookup order: factories registered with
 * {@link #register}, then a class of that simple name in each registered package (by default
 * {@code dev.hyperforge.engine.callbacks}) offering, in order of preference,
 * {@code public static X fromConfig(Map<String, Object>)}, a public constructor taking a {@code Map},
 * or (for empty arguments) a public no-argument constructor; then the plug-in callbacks that jars on the plug-in
 * class path declare in {@code META-INF/services/dev.hyperforge.engine.callbacks.Callback} (matched by simple
 * class name; {@link java.util.ServiceLoader} asks them for a public no-argument constructor too).
 *
 * <pre>{@code
 * CallbackFactory.register("PrintEpoch", args -> new PrintEpoch());
 * Callback es = CallbackFactory.create("EarlyStopping", Map.of("monitor", "val_accuracy", "patience", 3, "mode", "max"));
 * }</pre>
 */
public final class CallbackFactory {
    private static final Map<String, Function<Map<String, Object>, ? extends Callback>> REGISTRY = new ConcurrentHashMap<>();
    private static final List<String> PACKAGES = new CopyOnWriteArrayList<>(List.of("dev.hyperforge.engine.callbacks"));

    private CallbackFactory() {
    }

    /** Registers (or replaces) a factory for a type name. */
    public static void register(String type, Function<Map<String, Object>, ? extends Callback> factory) {
        REGISTRY.put(type, factory);
    }

    /** Adds a package searched for callback classes by simple name. */
    public static void registerPackage(String packageName) {
        if (!PACKAGES.contains(packageName)) {
            PACKAGES.add(packageName);
        }
    }

    /** Whether a callback of this type can be created. */
    public static boolean exists(String type) {
        return REGISTRY.containsKey(type) || findClass(type).isPresent();
    }

    /**
     * Creates a callback.
     *
     * @throws IllegalArgumentException for unknown types or arguments the callback rejects
     */
    public static Callback create(String type, Map<String, Object> args) {
        Function<Map<String, Object>, ? extends Callback> f = REGISTRY.get(type);
        if (f != null) {
            return f.apply(args);
        }
        Class<?> c = findClass(type).orElseThrow(() -> new IllegalArgumentException("unknown callback type '" + type
                + "'; looked in " + PACKAGES + " and the registered factories " + REGISTRY.keySet()));
        try {
            return reflect(c, type, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException(type + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create callback " + type + ": " + e, e);
        }
    }

    private static Callback reflect(Class<?> c, String type, Map<String, Object> args) throws ReflectiveOperationException {
        try {
            Method m = c.getMethod("fromConfig", Map.class);
            if (Modifier.isStatic(m.getModifiers()) && Callback.class.isAssignableFrom(m.getReturnType())) {
                return (Callback) m.invoke(null, args);
            }
        } catch (NoSuchMethodException ignored) {
            // try the constructors
        }
        try {
            Constructor<?> k = c.getConstructor(Map.class);
            return (Callback) k.newInstance(args);
        } catch (NoSuchMethodException ignored) {
            // try the no-argument constructor
        }
        if (args.isEmpty()) {
            return (Callback) c.getConstructor().newInstance();
        }
        throw new IllegalArgumentException("callback " + type + " takes no arguments from files (it has no fromConfig(Map) factory), received " + args.keySet());
    }

    private static Optional<Class<?>> findClass(String type) {
        if (!type.matches("[A-Z][A-Za-z0-9]*")) {
            return Optional.empty();
        }
        for (String p : PACKAGES) {
            try {
                Class<?> c = Class.forName(p + "." + type);
                if (Callback.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())) {
                    return Optional.of(c);
                }
            } catch (ClassNotFoundException ignored) {
                // next package
            }
        }
        for (Class<? extends Callback> c : Plugins.types(Callback.class)) {
            if (c.getSimpleName().equals(type) && !Modifier.isAbstract(c.getModifiers())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
