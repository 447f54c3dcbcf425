package dev.hyperforge.engine;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * The shape of a symbolic tensor, batch dimension included; {@link #UNKNOWN} ({@code -1}) marks a
 * dimension that is only known at run time (the batch, or the length of a sequence).
 *
 * <pre>{@code
 * Shape s = Shape.of(Shape.UNKNOWN, 96, 256);   // prints (None, 96, 256)
 * }</pre>
 *
 * @param dims the dimensions; each positive or {@link #UNKNOWN}
 */
public record Shape(int[] dims) {
    /** Marker for a dimension unknown until run time. */
    public static final int UNKNOWN = -1;

    /** Validates and copies the dimensions. */
    public Shape {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension, received none");
        }
        dims = dims.clone();
        for (int d : dims) {
            if (d != UNKNOWN && d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive or None, received " + Arrays.toString(dims));
            }
        }
    }

    /** A shape from its dimensions. */
    public static Shape of(int... dims) {
        return new Shape(dims);
    }

    /** A shape with an unknown batch dimension prepended to {@code featureDims}. */
    public static Shape batchOf(int... featureDims) {
        int[] d = new int[featureDims.length + 1];
        d[0] = UNKNOWN;
        System.arraycopy(featureDims, 0, d, 1, featureDims.length);
        return new Shape(d);
    }

    /** The shape of a concrete array. */
    public static Shape ofArray(long[] shape) {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (int) shape[i];
        }
        return new Shape(d);
    }

    /** Number of dimensions including the batch. */
    public int rank() {
        return dims.length;
    }

    /** Dimension {@code i}; negative indices count from the end. */
    public int dim(int i) {
        return dims[i < 0 ? dims.length + i : i];
    }

    /** The dimensions after the batch dimension. */
    public int[] featureDims() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /** Product of the dimensions after the batch, or {@link #UNKNOWN} if any is unknown. */
    public int featureSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] == UNKNOWN) {
                return UNKNOWN;
            }
            n *= dims[i];
        }
        return n;
    }

    /** A copy with dimension {@code i} replaced. */
    public Shape with(int i, int value) {
        int[] d = dims.clone();
        d[i < 0 ? d.length + i : i] = value;
        return new Shape(d);
    }

    /** Whether a concrete array shape fits this shape (unknown dimensions match anything). */
    public boolean accepts(long[] concrete) {
        if (concrete.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && dims[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras style: {@code (None, 96, 256)}. */
    @Override
    public String toString() {
        return format(dims);
    }

    /** Formats any dimension list Keras style; {@code -1} prints as None. */
    public static String format(int[] dims) {
        StringJoiner j = new StringJoiner(", ", "(", dims.length == 1 ? ",)" : ")");
        for (int d : dims) {
            j.add(d == UNKNOWN ? "None" : Integer.toString(d));
        }
        return j.toString();
    }

    /** Formats a concrete array shape, e.g. {@code (1000, 10)}. */
    public static String format(long[] dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (int) dims[i];
        }
        return format(d);
    }
}
