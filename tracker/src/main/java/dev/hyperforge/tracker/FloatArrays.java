package dev.hyperforge.tracker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Compact binary encoding of float arrays (validation predictions): a 4-byte magic {@code HFA1}, the rank,
 * the dimensions, then the values as little-endian IEEE-754 float32.
 *
 * <pre>{@code
 * byte[] bytes = FloatArrays.encode(predictions, 1000, 10);   // 1000 rows x 10 classes
 * FloatArrays.Decoded d = FloatArrays.decode(bytes);          // d.shape() = [1000, 10]
 * }</pre>
 */
public final class FloatArrays {
    private static final int MAGIC = 0x31414648; // "HFA1" little-endian

    private FloatArrays() {
    }

    /**
     * A decoded array.
     *
     * @param values the values, row-major
     * @param shape the dimensions
     */
    public record Decoded(float[] values, int[] shape) {
    }

    /**
     * Encodes values with a shape; with no shape given the shape is {@code [values.length]}.
     *
     * @param values the values, row-major
     * @param shape the dimensions; their product must equal {@code values.length}
     * @return the encoded bytes
     */
    public static byte[] encode(float[] values, int... shape) {
        int[] dims = shape.length == 0 ? new int[] {values.length} : shape.clone();
        long product = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("dimensions must be >= 0, received " + Arrays.toString(dims));
            }
            product *= d;
        }
        if (product != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " holds " + product
                    + " values but " + values.length + " were given");
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * dims.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC).putInt(dims.length);
        for (int d : dims) {
            buf.putInt(d);
        }
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    /**
     * Decodes bytes written by {@link #encode(float[], int...)}.
     *
     * @param bytes the bytes
     * @return values and shape
     */
    public static Decoded decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8 || buf.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a Hyperforge float array (magic HFA1 missing), "
                    + bytes.length + " bytes");
        }
        int rank = buf.getInt();
        int[] shape = new int[rank];
        long product = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = buf.getInt();
            product *= shape[i];
        }
        if (buf.remaining() != product * 4) {
            throw new IllegalArgumentException("float array of shape " + Arrays.toString(shape) + " needs "
                    + product * 4 + " value bytes, found " + buf.remaining());
        }
        float[] values = new float[(int) product];
        buf.asFloatBuffer().get(values);
        return new Decoded(values, shape);
    }
}
