package dev.hyperforge.engine.layers;

import org.apache.commons.lang3.StringUtils;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

import dev.hyperforge.engine.layers.activations.ActivationLayer;
import dev.hyperforge.engine.layers.activations.LeakyReLU;
import dev.hyperforge.engine.layers.attention.MultiHeadAttention;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv1D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.core.Masking;
import dev.hyperforge.engine.layers.core.PositionEmbedding;
import dev.hyperforge.engine.layers.core.TokenAndPositionEmbedding;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.merging.Average;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.merging.Dot;
import dev.hyperforge.engine.layers.merging.Maximum;
import dev.hyperforge.engine.layers.merging.Minimum;
import dev.hyperforge.engine.layers.merging.Multiply;
import dev.hyperforge.engine.layers.merging.Subtract;
import dev.hyperforge.engine.layers.normalization.BatchNormalization;
import dev.hyperforge.engine.layers.pooling.AveragePooling1D;
import dev.hyperforge.engine.layers.pooling.AveragePooling2D;
import dev.hyperforge.engine.layers.normalization.LayerNormalization;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling2D;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.layers.recurrent.Bidirectional;
import dev.hyperforge.engine.layers.recurrent.GRU;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.layers.reshaping.Permute;
import dev.hyperforge.engine.layers.reshaping.RepeatVector;
import dev.hyperforge.engine.layers.reshaping.Reshape;
import dev.hyperforge.engine.layers.recurrent.SimpleRNN;
import dev.hyperforge.engine.layers.recurrent.TimeDistributed;

/**
 * Layer types by name: how experiment files and saved models ({@code class_name}) turn into layers.
 * Every built-in is registered here explicitly (as Keras registers its classes); a user's own layer is
 * added with {@link #register(String, Factory)} or {@link #register(Class)}, or from a plug-in jar through
 * a {@link LayerProvider}. A factory receives the layer's config arguments ({@link Layer#arguments()}
 * written as JSON-friendly values) and returns an unnamed, unbuilt layer. Unknown names fail with the
 * close names the registry knows.
 *
 * <pre>{@code
 * LayerRegistry.register(Scale.class);                         // Scale.fromConfig(Map) and type() "Scale"
 * Layer d = LayerRegistry.create("Dense", Map.of("units", 10, "activation", "softmax"));
 * Layer s = LayerRegistry.fromConfig(Map.of("class_name", "Scale", "name", "s", "config", Map.of("factor", 2.0)));
 * }</pre>
 */
public final class LayerRegistry {
    /** Makes a layer from its config arguments. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param args the arguments as written by {@link Layer#arguments()} (or an experiment file)
         * @return an unnamed, unbuilt layer
         * @throws IllegalArgumentException naming the layer type and the bad argument
         */
        Layer create(Map<String, Object> args);
    }

    private static final Map<String, Factory> TYPES = new TreeMap<>();
    private static boolean providersLoaded;

    static {
        builtIn("Dense", Dense::fromConfig);
        builtIn("Embedding", Embedding::fromConfig);
        builtIn("Flatten", Flatten::fromConfig);
        builtIn("Dropout", Dropout::fromConfig);
        builtIn("Conv1D", Conv1D::fromConfig);
        builtIn("Conv2D", Conv2D::fromConfig);
        builtIn("SeparableConv1D", SeparableConv1D::fromConfig);
        builtIn("SeparableConv2D", SeparableConv2D::fromConfig);
        builtIn("MaxPooling1D", MaxPooling1D::fromConfig);
        builtIn("MaxPooling2D", MaxPooling2D::fromConfig);
        builtIn("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        builtIn("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        builtIn("LSTM", LSTM::fromConfig);
        builtIn("Masking", Masking::fromConfig);
        builtIn("GRU", GRU::fromConfig);
        builtIn("SimpleRNN", SimpleRNN::fromConfig);
        builtIn("Bidirectional", Bidirectional::fromConfig);
        builtIn("TimeDistributed", TimeDistributed::fromConfig);
        builtIn("Add", Add::fromConfig);
        builtIn("Concatenate", Concatenate::fromConfig);
        // pooling, shape and merge layers; activations
        builtIn("AveragePooling1D", AveragePooling1D::fromConfig);
        builtIn("AveragePooling2D", AveragePooling2D::fromConfig);
        builtIn("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        builtIn("Reshape", Reshape::fromConfig);
        builtIn("Permute", Permute::fromConfig);
        builtIn("RepeatVector", RepeatVector::fromConfig);
        builtIn("Activation", ActivationLayer::fromConfig);
        builtIn("LeakyReLU", LeakyReLU::fromConfig);
        builtIn("Multiply", Multiply::fromConfig);
        builtIn("Subtract", Subtract::fromConfig);
        builtIn("Average", Average::fromConfig);
        builtIn("Maximum", Maximum::fromConfig);
        builtIn("Minimum", Minimum::fromConfig);
        builtIn("Dot", Dot::fromConfig);
        builtIn("BatchNormalization", BatchNormalization::fromConfig);
        builtIn("LayerNormalization", LayerNormalization::fromConfig);
        builtIn("MultiHeadAttention", MultiHeadAttention::fromConfig);
        builtIn("PositionEmbedding", PositionEmbedding::fromConfig);
        builtIn("TokenAndPositionEmbedding", TokenAndPositionEmbedding::fromConfig);
    }

    private LayerRegistry() {
    }

    private static void builtIn(String name, Factory f) {
        TYPES.put(name, f);
    }

    /**
     * Registers (or replaces) a layer type.
     *
     * @param name the type name, as the layer's {@link Layer#type()} returns it: a letter, then letters and digits
     * @param factory makes the layer from its arguments
     */
    public static synchronized void register(String name, Factory factory) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("a layer type name is a letter followed by letters, digits or '_', received '" + name + "'");
        }
        if (factory == null) {
            throw new IllegalArgumentException("layer type '" + name + "' needs a factory");
        }
        TYPES.put(name, factory);
    }

    /**
     * Registers a layer class under its simple name through its {@code public static Layer
     * fromConfig(Map<String, Object>)}.
     *
     * @throws IllegalArgumentException when the class has no such method
     */
    public static void register(Class<? extends Layer> type) {
        register(type.getSimpleName(), factoryOf(type));
    }

    /** Whether a layer type of this name is known (built-in, registered or from a provider). */
    public static synchronized boolean exists(String name) {
        loadProviders();
        return TYPES.containsKey(name);
    }

    /** The known type names, sorted. */
    public static synchronized List<String> names() {
        loadProviders();
        return List.copyOf(TYPES.keySet());
    }

    /**
     * Makes a layer of a registered type from its arguments.
     *
     * @throws IllegalArgumentException for an unknown type (listing the close names) or a bad argument
     */
    public static Layer create(String name, Map<String, Object> args) {
        Factory f = factory(name);
        Layer l = f.create(args == null ? Map.of() : args);
        l.applyRegularizerArguments(args == null ? Map.of() : args);
        if (!name.equals(l.type())) {
            throw new IllegalStateException("layer type '" + name + "' made a " + l.getClass().getName() + " whose type() is '"
                    + l.type() + "'; register it under '" + l.type() + "' so saved models load it back");
        }
        return l;
    }

    /** Makes a named layer from a full config ({@code class_name}, {@code name}, {@code config}), as {@link Layer#config()} writes it. */
    @SuppressWarnings("unchecked")
    public static Layer fromConfig(Map<String, Object> full) {
        Object cls = full.get("class_name");
        if (!(cls instanceof String type)) {
            throw new IllegalArgumentException("a layer config needs a class_name such as \"Dense\", received " + cls);
        }
        Object args = full.getOrDefault("config", Map.of());
        if (!(args instanceof Map)) {
            throw new IllegalArgumentException("the config of layer type '" + type + "' must be a map of arguments, received " + args);
        }
        Layer l = create(type, (Map<String, Object>) args);
        Object name = full.get("name");
        return name == null ? l : l.named(String.valueOf(name));
    }

    /** The message for an unknown type: the close names, else all known ones. */
    public static String unknownMessage(String name) {
        List<String> close = closeNames(name);
        String hint = close.isEmpty() ? "; known types: " + String.join(", ", names())
                : "; did you mean " + String.join(" or ", close.stream().map(n -> "'" + n + "'").toList()) + "?";
        return "unknown layer type '" + name + "'" + hint;
    }

    /** Known names within two edits of {@code name} (ignoring case), closest first. */
    @SuppressWarnings("deprecation") // commons-text's LevenshteinDistance needs commons-lang3 >= 3.12; ND4J pins 3.11
    public static List<String> closeNames(String name) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (int d = 0; d <= 2; d++) {
            for (String n : names()) {
                if (StringUtils.getLevenshteinDistance(s, n.toLowerCase(Locale.ROOT)) == d) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static synchronized Factory factory(String name) {
        loadProviders();
        Factory f = TYPES.get(name);
        if (f == null) {
            throw new IllegalArgumentException(unknownMessage(name));
        }
        return f;
    }

    private static void loadProviders() {
        if (providersLoaded) {
            return;
        }
        providersLoaded = true;
        addProviders(ServiceLoader.load(LayerProvider.class));
    }

    /**
     * Registers the layers of the {@link LayerProvider}s that a class loader's jars declare (a plug-in class path
     * the application built at run time, such as {@code hf --classpath}); names already registered win.
     *
     * @param loader the class loader to look for {@code META-INF/services} entries in
     */
    public static synchronized void addProviders(ClassLoader loader) {
        loadProviders();
        addProviders(ServiceLoader.load(LayerProvider.class, loader));
    }

    private static void addProviders(ServiceLoader<LayerProvider> providers) {
        try {
            for (LayerProvider p : providers) {
                for (Class<? extends Layer> c : p.layers()) {
                    TYPES.putIfAbsent(c.getSimpleName(), factoryOf(c));
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a layer plug-in on the class path could not be loaded: " + e.getMessage(), e);
        }
    }

    private static Factory factoryOf(Class<? extends Layer> type) {
        Method m;
        try {
            m = type.getMethod("fromConfig", Map.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " needs public static Layer fromConfig(Map<String, Object> args) to be registered");
        }
        if (!Modifier.isStatic(m.getModifiers()) || !Layer.class.isAssignableFrom(m.getReturnType())) {
            throw new IllegalArgumentException(type.getName() + ".fromConfig must be public static and return a Layer");
        }
        return args -> invoke(m, args);
    }

    private static Layer invoke(Method m, Map<String, Object> args) {
        try {
            return (Layer) m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalArgumentException(m.getDeclaringClass().getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(m.getDeclaringClass().getName() + ".fromConfig is not accessible: " + e.getMessage(), e);
        }
    }
}
