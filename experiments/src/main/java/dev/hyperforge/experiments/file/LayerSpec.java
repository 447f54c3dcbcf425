package dev.hyperforge.experiments.file;

import java.util.List;
import java.util.Map;

/**
 * One layer of the model section: a unique name, the Keras class name, its arguments (a template: any
 * value may be a {@link ParamRef}) and the names of the inputs or earlier layers it is called on (empty
 * = the previous layer, or the only input for the first layer).
 *
 * <pre>{@code
 * LayerSpec l = new LayerSpec("hidden", "Dense", Map.of("units", ParamRef.of("units"), "activation", "relu"), List.of());
 * }</pre>
 *
 * @param name unique layer name (also the output name when listed in outputs)
 * @param type Keras class name, e.g. {@code Dense}
 * @param args arguments with Keras names
 * @param inputs names of inputs or earlier layers; empty for the previous one. {@code name:k} is output
 *     {@code k} of layer {@code name} ({@code encoder:1} is an LSTM's h with {@code return_state});
 *     {@code name} alone is output 0
 */
public record LayerSpec(String name, String type, Map<String, Object> args, List<String> inputs) {
    /** Validates and copies. */
    @SuppressWarnings("unchecked")
    public LayerSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a layer needs a name");
        }
        if (type == null || !type.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("layer '" + name + "': type must be a Keras class name such as Dense, received '" + type + "'");
        }
        args = (Map<String, Object>) Params.freeze(args == null ? Map.of() : args);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** The layer or input an input reference names: {@code encoder} for {@code encoder:1}. */
    public static String source(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    /**
     * Which output of its layer an input reference takes: {@code 1} for {@code encoder:1}, 0 without an index.
     *
     * @throws IllegalArgumentException when the part after {@code :} is not a non-negative integer
     */
    public static int outputIndex(String ref) {
        int colon = ref.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        String k = ref.substring(colon + 1);
        if (!k.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException("'" + ref + "': after ':' comes the index of the layer's output (0 for the main one,"
                    + " 1, 2 for the states of a recurrent layer with return_state), e.g. encoder:1");
        }
        return Integer.parseInt(k);
    }
}
