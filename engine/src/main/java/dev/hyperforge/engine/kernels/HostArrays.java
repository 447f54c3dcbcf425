package dev.hyperforge.engine.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J arrays (off-heap) and Java arrays for the engine's own kernels, in C order.
 * Float and double arrays are copied through NIO views of the native buffer (one bulk copy, no per
 * element calls); other types are cast first. {@link #contiguous} and {@link #isDenseC} are public for the
 * engine's data handling too.
 */
public final class HostArrays {
    /** Elements converted at a time between float buffers and double arrays. */
    private static final int CHUNK = 8192;

    private HostArrays() {
    }

    /** The elements of {@code a} in C order as doubles (a new array). */
    static double[] toDoubles(INDArray a) {
        double[] out = new double[(int) a.length()];
        toDoubles(a, out);
        return out;
    }

    /** The elements of {@code a} (float or double) in C order written into {@code out} (its first {@code a.length()} elements). */
    static void toDoubles(INDArray a, double[] out) {
        INDArray c = contiguous(a);
        int n = (int) c.length();
        if (out.length < n) {
            throw new IllegalArgumentException("toDoubles: " + n + " elements into an array of " + out.length);
        }
        if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(0, out, 0, n);
        } else if (c.dataType() == DataType.FLOAT) {
            FloatBuffer b = c.data().asNioFloat();
            float[] chunk = new float[Math.min(n, CHUNK)];
            for (int at = 0; at < n; at += chunk.length) {
                int len = Math.min(chunk.length, n - at);
                b.get(at, chunk, 0, len);
                for (int j = 0; j < len; j++) {
                    out[at + j] = chunk[j];
                }
            }
        } else {
            toDoubles(c.castTo(DataType.DOUBLE), out);
        }
    }

    /**
     * {@link #toDoubles} of {@code m + bias} for a float matrix {@code m} {@code (rows, bias.length)} and a float
     * bias row, the sum taken in float (one rounding, as ND4J's float {@code addiRowVector} gives), without
     * writing the sum back into {@code m}: one pass over the matrix instead of two.
     */
    static void toDoublesAddingRow(INDArray m, float[] bias, double[] out) {
        INDArray c = contiguous(m);
        int g = bias.length;
        int rows = (int) (c.length() / g);
        if (c.dataType() != DataType.FLOAT || c.length() != (long) rows * g || out.length < c.length()) {
            throw new IllegalArgumentException("toDoublesAddingRow: a float (rows, " + g + ") matrix, received " + c.shapeInfoToString());
        }
        FloatBuffer b = c.data().asNioFloat();
        int per = Math.max(1, CHUNK / g);
        float[] chunk = new float[Math.min(rows, per) * g];
        for (int r0 = 0; r0 < rows; r0 += per) {
            int n = Math.min(per, rows - r0);
            b.get(r0 * g, chunk, 0, n * g);
            for (int q = 0; q < n; q++) {
                addRow(chunk, q * g, bias, out, (r0 + q) * g);
            }
        }
    }

    /**
     * The elements of a float matrix {@code m} {@code (rows, width)} plus the float {@code bias} row (none when null),
     * summed in float as {@link #toDoublesAddingRow} sums them, into {@code out} as floats: one pass, and half the
     * memory of doubles.
     */
    static void toFloatsAddingRow(INDArray m, float[] bias, float[] out) {
        INDArray c = contiguous(m);
        int n = (int) c.length();
        if (c.dataType() != DataType.FLOAT || out.length < n || bias != null && (c.rank() != 2 || c.size(1) != bias.length)) {
            throw new IllegalArgumentException("toFloatsAddingRow: a float matrix matching the bias, received " + c.shapeInfoToString());
        }
        c.data().asNioFloat().get(0, out, 0, n);
        if (bias == null) {
            return;
        }
        int g = bias.length;
        for (int at = 0; at < n; at += g) {
            addRowInPlace(out, at, bias);
        }
    }

    private static void addRowInPlace(float[] v, int at, float[] bias) {
        for (int j = 0; j < bias.length; j++) {
            v[at + j] = v[at + j] + bias[j];
        }
    }

    private static void addRow(float[] chunk, int from, float[] bias, double[] out, int to) {
        for (int j = 0; j < bias.length; j++) {
            out[to + j] = chunk[from + j] + bias[j];
        }
    }

    /** Writes {@code v} (C order) into {@code target}, a contiguous float or double array of {@code v.length} elements. */
    static INDArray intoArray(double[] v, INDArray target) {
        if (!isDenseC(target) || target.length() != v.length) {
            throw new IllegalArgumentException("intoArray: " + v.length + " values into " + target.shapeInfoToString());
        }
        if (target.dataType() == DataType.DOUBLE) {
            target.data().asNioDouble().put(0, v, 0, v.length);
        } else if (target.dataType() == DataType.FLOAT) {
            FloatBuffer b = target.data().asNioFloat();
            float[] chunk = new float[Math.min(v.length, CHUNK)];
            for (int at = 0; at < v.length; at += chunk.length) {
                int len = Math.min(chunk.length, v.length - at);
                for (int j = 0; j < len; j++) {
                    chunk[j] = (float) v[at + j];
                }
                b.put(at, chunk, 0, len);
            }
        } else {
            throw new IllegalArgumentException("intoArray: float or double targets only, received " + target.dataType());
        }
        return target;
    }

    /** Writes the first {@code n} values of {@code v} (C order) into {@code target}, a contiguous float array of {@code n} elements. */
    static INDArray intoArray(float[] v, int n, INDArray target) {
        if (!isDenseC(target) || target.length() != n || target.dataType() != DataType.FLOAT || v.length < n) {
            throw new IllegalArgumentException("intoArray: " + n + " floats into " + target.shapeInfoToString());
        }
        target.data().asNioFloat().put(0, v, 0, n);
        return target;
    }

    /**
     * Writes {@code from.length} rows of {@code width} values taken from {@code src} (row {@code o} from offset
     * {@code from[o]}, zeros where that is -1) into {@code target}, a contiguous float or double array of
     * {@code rows · width} elements, without an intermediate array of the target's size: a float target
     * gets each value rounded once, as {@link #intoArray} does.
     */
    static INDArray writeRows(INDArray target, int width, int[] from, double[] src) {
        int rows = from.length;
        if (!isDenseC(target) || target.length() != (long) rows * width) {
            throw new IllegalArgumentException("writeRows: " + rows + " x " + width + " values into " + target.shapeInfoToString());
        }
        boolean dbl = target.dataType() == DataType.DOUBLE;
        if (!dbl && target.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("writeRows: float or double targets only, received " + target.dataType());
        }
        int per = Math.max(1, CHUNK / width);
        double[] d = dbl ? new double[per * width] : null;
        float[] f = dbl ? null : new float[per * width];
        for (int o0 = 0; o0 < rows; o0 += per) {
            int n = Math.min(per, rows - o0);
            for (int q = 0; q < n; q++) {
                int at = from[o0 + q];
                for (int j = 0; j < width; j++) {
                    double v = at < 0 ? 0.0 : src[at + j];
                    if (dbl) {
                        d[q * width + j] = v;
                    } else {
                        f[q * width + j] = (float) v;
                    }
                }
            }
            if (dbl) {
                target.data().asNioDouble().put(o0 * width, d, 0, n * width);
            } else {
                target.data().asNioFloat().put(o0 * width, f, 0, n * width);
            }
        }
        return target;
    }

    /** The elements of {@code a} in C order as floats (a new array). */
    static float[] toFloats(INDArray a) {
        INDArray c = contiguous(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
        int n = (int) c.length();
        float[] out = new float[n];
        if (n > 0) {
            FloatBuffer b = c.data().asNioFloat();
            b.get(out, 0, n);
        }
        return out;
    }

    /** A new C-order array of type {@code dt} (float or double) and shape {@code shape} holding {@code v}. */
    static INDArray fromDoubles(double[] v, DataType dt, long... shape) {
        if (dt == DataType.DOUBLE) {
            return Nd4j.create(v, shape, 'c');
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        INDArray out = Nd4j.create(f, shape, 'c');
        return dt == DataType.FLOAT ? out : out.castTo(dt);
    }

    /** {@code a} itself when {@link #isDenseC}, else a C-order copy. */
    public static INDArray contiguous(INDArray a) {
        return isDenseC(a) ? a : a.dup('c');
    }

    /** Whether {@code a}'s buffer holds exactly its elements, in C order, from offset 0. */
    public static boolean isDenseC(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && java.util.Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }
}
