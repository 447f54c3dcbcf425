package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tests' helpers for comparing float arrays bit for bit (-0.0 and each NaN's payload included). */
public final class FloatBits {
    private FloatBits() {
    }

    /** The raw bits of a float array's elements, in C order. */
    public static int[] of(INDArray a) {
        float[] v = a.dup().data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** Fails at the first element whose raw bits differ, naming {@code what} and the index. */
    public static void assertSame(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat();
        float[] a = actual.data().asFloat();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + "[" + i + "]: " + e[i] + " against " + a[i]);
        }
    }

    /** A rows × cols float array of Gaussian values with one of {@code special} at every {@code every}-th element. */
    public static INDArray withSpecials(long seed, int rows, int cols, float[] special, int every) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % every == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
