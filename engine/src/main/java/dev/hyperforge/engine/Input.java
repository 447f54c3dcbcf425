package dev.hyperforge.engine;

import dev.hyperforge.engine.layers.core.InputLayer;


/**
 * Factory for named model inputs. The batch dimension is implicit; use {@link Shape#UNKNOWN} for a
 * sequence of unknown length.
 *
 * <pre>{@code
 * Tensor text = Input.ints("text", Shape.UNKNOWN);   // int sequence, any length
 * Tensor x = Input.of("x", 13);                       // 13 float features
 * Tensor img = Input.of("image", 28, 28, 1);
 * }</pre>
 */
public final class Input {
    private Input() {
    }

    /** A float32 input with the given feature dimensions. */
    public static Tensor of(String name, int... featureDims) {
        return create(name, DType.FLOAT32, featureDims);
    }

    /** An int32 input (token ids) with the given feature dimensions. */
    public static Tensor ints(String name, int... featureDims) {
        return create(name, DType.INT32, featureDims);
    }

    /** An input of any dtype. */
    public static Tensor create(String name, DType dtype, int... featureDims) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an Input needs a non-empty name");
        }
        if (featureDims.length == 0) {
            throw new IllegalArgumentException("Input '" + name + "' needs at least one feature dimension, e.g. Input.of(\"" + name + "\", 3)");
        }
        return new InputLayer(name, Shape.batchOf(featureDims), dtype).output();
    }
}
