package dev.hyperforge.engine.layers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

import dev.hyperforge.engine.layers.core.Dense;

/**
 * Creates layers from their config ({@code class_name}, {@code name}, {@code config}). Every layer class
 * in this package provides {@code public static Layer fromConfig(Map<String, Object> args)}; the class
 * name is the Keras class name.
 *
 * <pre>{@code
 * Layer d = Layers.fromConfig(Map.of("class_name", "Dense", "name", "out",
 *     "config", Map.of("units", 10, "activation", "softmax")));
 * }</pre>
 */
public final class Layers {
    private Layers() {
    }

    /** Builds a layer (unbuilt, named) from a full config map. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> full) {
        Object cls = full.get("class_name");
        if (!(cls instanceof String className) || !className.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a layer config needs a class_name such as \"Dense\", received " + cls);
        }
        Map<String, Object> args = (Map<String, Object>) full.getOrDefault("config", Map.of());
        Layer l = create(className, args);
        Object name = full.get("name");
        if (name != null) {
            l.named(String.valueOf(name));
        }
        return l;
    }

    /** Builds a layer of a Keras class name from its arguments. */
    public static Layer create(String className, Map<String, Object> args) {
        Method m = factory(className);
        try {
            return (Layer) m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException(className + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a layer type of this Keras name exists. */
    public static boolean exists(String className) {
        try {
            factory(className);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Method factory(String className) {
        for (String family : FAMILIES) {
            try {
                return factory(Class.forName(Layers.class.getPackageName() + "." + family + "." + className), className);
            } catch (ClassNotFoundException e) {
                // try the next family
            }
        }
        throw new IllegalArgumentException("unknown layer type '" + className + "'");
    }

    private static final String[] FAMILIES = {"core", "convolutional", "pooling", "recurrent", "merging", "normalization"};

    private static Method factory(Class<?> c, String className) throws ClassNotFoundException {
        try {
            if (!Layer.class.isAssignableFrom(c)) {
                throw new ClassNotFoundException(className);
            }
            Method m = c.getMethod("fromConfig", Map.class);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new NoSuchMethodException(className + ".fromConfig");
            }
            return m;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("unknown layer type '" + className + "'");
        }
    }
}
