package dev.hyperforge.experiments.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import dev.hyperforge.engine.DType;

/**
 * A model input: name, feature shape (batch excluded; {@code null} entries are unknown, e.g. sequence
 * length) and dtype. A dimension may be a {@link ParamRef}.
 *
 * <pre>{@code
 * InputSpec text = InputSpec.of("text", DType.INT32, (Integer) null);   // int sequence of any length
 * InputSpec img = InputSpec.of("image", DType.FLOAT32, 28, 28, 1);
 * }</pre>
 *
 * @param name the input name
 * @param shape feature dimensions: Integer, null (unknown) or ParamRef
 * @param dtype element type
 */
public record InputSpec(String name, List<Object> shape, DType dtype) {
    /** Validates and copies. */
    public InputSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input needs a name");
        }
        if (shape == null || shape.isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "' needs a shape with at least one dimension, e.g. [13]");
        }
        for (Object d : shape) {
            if (!(d == null || d instanceof ParamRef || d instanceof Integer i && i > 0)) {
                throw new IllegalArgumentException("input '" + name + "': each dimension must be a positive int, null (unknown) or a ${param}, received " + d);
            }
        }
        shape = Collections.unmodifiableList(new ArrayList<>(shape));
        dtype = Objects.requireNonNullElse(dtype, DType.FLOAT32);
    }

    /** An input with constant dimensions ({@code null} = unknown). */
    public static InputSpec of(String name, DType dtype, Integer... dims) {
        return new InputSpec(name, java.util.Arrays.asList((Object[]) dims), dtype);
    }

    /** A float32 input. */
    public static InputSpec of(String name, int... dims) {
        List<Object> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        return new InputSpec(name, l, DType.FLOAT32);
    }
}
