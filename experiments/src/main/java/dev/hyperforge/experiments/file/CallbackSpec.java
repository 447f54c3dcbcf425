package dev.hyperforge.experiments.file;

import java.util.Map;

/**
 * A callback by type name (e.g. {@code EarlyStopping}) with Keras-named arguments (a template).
 *
 * <pre>{@code
 * CallbackSpec es = new CallbackSpec("EarlyStopping", Map.of("monitor", "val_accuracy", "patience", 3, "mode", "max"));
 * }</pre>
 *
 * @param type the callback class name
 * @param args its arguments
 */
public record CallbackSpec(String type, Map<String, Object> args) {
    /** Validates and copies. */
    @SuppressWarnings("unchecked")
    public CallbackSpec {
        if (type == null || !type.matches("[A-Z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a callback type must be a class name such as EarlyStopping, received '" + type + "'");
        }
        args = (Map<String, Object>) Params.freeze(args == null ? Map.of() : args);
    }
}
