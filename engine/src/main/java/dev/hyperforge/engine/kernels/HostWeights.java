package dev.hyperforge.engine.kernels;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The host copy of one weight array (float or double, {@link SmallKernels#readable}) as {@link SmallDense}'s
 * row arrays of double, kept between calls and widened again only when the array's bits changed since the
 * last call. Each call compares the raw bits of the native buffer with a native copy of the last call's
 * (one {@code memcmp}, no copy into Java, no conversion), which is cheaper than widening them into double rows; so
 * whatever changed the weights (an optimizer step, {@code setWeights}, loading, a caller's {@code assign})
 * is seen, with no version count to keep in step. The comparison is on the raw bits, so even NaNs with
 * other payloads count as a change.
 *
 * <pre>{@code
 * HostWeights k = new HostWeights();
 * double[][] w = k.rows(kernel, in, units);   // widened on the first call and after any change
 * double[] b = k.vector(bias, units);
 * }</pre>
 */
public final class HostWeights {
    private int[] bits = new int[0];
    private long[] wideBits = new long[0];
    /** The kept bits in native memory, compared with the array's at each call. */
    private BytePointer nativeBits;
    private DataType type;
    private double[][] rows = new double[0][0];
    private int kept = -1;
    private int keptCols;

    /** The elements of {@code a} ({@code rows · cols} of them, C order) as {@code rows} arrays of {@code cols} doubles (they may be longer). */
    public double[][] rows(INDArray a, int rows, int cols) {
        if (this.rows.length < rows || rows > 0 && this.rows[0].length < cols) {
            this.rows = new double[rows][cols];
            kept = -1;
        }
        int n = rows * cols;
        if (!changed(a, n, cols)) {
            return this.rows;
        }
        for (int r = 0; r < rows; r++) {
            widen(r * cols, this.rows[r], cols);
        }
        return this.rows;
    }

    /** The {@code n} elements of {@code a} as one array of doubles (it may be longer). */
    public double[] vector(INDArray a, int n) {
        return rows(a, 1, n)[0];
    }

    /**
     * Whether the raw bits of {@code a}'s first {@code n} elements differ from the kept ones; when they do (or
     * the type or size changed), keeps the new bits, natively and in {@link #bits}/{@link #wideBits}. The
     * comparison is one native {@code memcmp} against the native copy, without copying the elements into Java.
     */
    private boolean changed(INDArray a, int n, int cols) {
        Pointer p = a.data().pointer();
        int size = a.dataType() == DataType.DOUBLE ? Long.BYTES : Integer.BYTES;
        long bytes = (long) n * size;
        BytePointer at = new BytePointer(p).position((p.position() + a.offset()) * size);
        if (a.dataType() == type && n == kept && cols == keptCols && Pointer.memcmp(at, nativeBits, bytes) == 0) {
            return false;
        }
        if (nativeBits == null || nativeBits.capacity() < bytes) {
            nativeBits = new BytePointer(Math.max(bytes, 1));
        }
        Pointer.memcpy(nativeBits, at, bytes);
        if (size == Long.BYTES) {
            if (wideBits.length < n) {
                wideBits = new long[n];
            }
            new LongPointer(p).position(p.position() + a.offset()).get(wideBits, 0, n);
        } else {
            if (bits.length < n) {
                bits = new int[n];
            }
            new IntPointer(p).position(p.position() + a.offset()).get(bits, 0, n);
        }
        type = a.dataType();
        kept = n;
        keptCols = cols;
        return true;
    }

    private void widen(int from, double[] row, int cols) {
        if (type == DataType.DOUBLE) {
            for (int c = 0; c < cols; c++) {
                row[c] = Double.longBitsToDouble(wideBits[from + c]);
            }
        } else {
            for (int c = 0; c < cols; c++) {
                row[c] = Float.intBitsToFloat(bits[from + c]);
            }
        }
    }
}
