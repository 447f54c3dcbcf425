package dev.hyperforge.engine.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between ND4J arrays (off-heap) and Java arrays for the engine's own kernels, in C order.
 * Float and double arrays are copied through NIO views of the native buffer (one bulk copy, no per
 * element calls); other types are cast first.
 */
final class HostArrays {
    private HostArrays() {
    }

    /** The elements of {@code a} in C order as doubles (a new array). */
    static double[] toDoubles(INDArray a) {
        INDArray c = contiguous(a);
        int n = (int) c.length();
        double[] out = new double[n];
        if (n == 0) {
            return out;
        }
        if (c.dataType() == DataType.DOUBLE) {
            DoubleBuffer b = c.data().asNioDouble();
            b.get(out, 0, n);
        } else {
            float[] f = toFloats(c);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        }
        return out;
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
    static INDArray contiguous(INDArray a) {
        return isDenseC(a) ? a : a.dup('c');
    }

    /** Whether {@code a}'s buffer holds exactly its elements, in C order, from offset 0. */
    static boolean isDenseC(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length()
                && java.util.Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
    }
}
