package dev.hyperforge.engine.kernels;

import java.util.Arrays;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The host copy of one weight array (float or double, {@link SmallKernels#readable}) as {@link SmallDense}'s
 * row arrays of double, kept between calls and widened again only when the array's bits changed since the
 * last call. Each call copies the raw bits out of the native buffer (one bulk copy, no conversion) and
 * compares them with the bits of the last call, which is cheaper than widening them into double rows; so
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
    private int[] staged = new int[0];
    private long[] wideBits = new long[0];
    private long[] wideStaged = new long[0];
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

    /** Copies the raw bits of {@code a}'s first {@code n} elements and says whether they differ from the kept ones. */
    private boolean changed(INDArray a, int n, int cols) {
        Pointer p = a.data().pointer();
        long at = p.position() + a.offset();
        boolean same = a.dataType() == type && n == kept && cols == keptCols;
        if (a.dataType() == DataType.DOUBLE) {
            if (wideStaged.length < n) {
                wideStaged = new long[n];
            }
            new LongPointer(p).position(at).get(wideStaged, 0, n);
            same = same && Arrays.equals(wideStaged, 0, n, wideBits, 0, n);
            long[] t = wideBits;
            wideBits = wideStaged;
            wideStaged = t;
        } else {
            if (staged.length < n) {
                staged = new int[n];
            }
            new IntPointer(p).position(at).get(staged, 0, n);
            same = same && Arrays.equals(staged, 0, n, bits, 0, n);
            int[] t = bits;
            bits = staged;
            staged = t;
        }
        type = a.dataType();
        kept = n;
        keptCols = cols;
        return !same;
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
