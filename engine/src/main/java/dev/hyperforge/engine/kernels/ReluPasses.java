package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Relu's passes over small float arrays in Java, with the bits of the native ops they replace: a bias row added and
 * relu applied in one pass ({@code addiRowVector} then libnd4j's relu, {@code x < 0 ? 0 : x}, which keeps -0 and
 * NaN), and relu's gradient {@code g · step(a)} ({@code Step}, {@code a > 0 ? 1 : 0}, then the product). Each native
 * op wakes libnd4j's OpenMP worker; on S6's Dense(100) output (128 × 100) the wake-ups cost more than the work.
 * Arrays of more than {@link #MAX_LENGTH} elements keep the ops, which split large arrays over both cores.
 */
final class ReluPasses {
    /** The largest array these passes take. */
    static final int MAX_LENGTH = 1 << 16;
    private static final boolean ENABLED = !"false".equals(System.getProperty("hf.relu.java"));
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private ReluPasses() {
    }

    /** Whether the passes take these arrays: float, at most {@link #MAX_LENGTH} elements, contiguous in C order. */
    static boolean fits(INDArray... arrays) {
        if (!ENABLED) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a.dataType() != DataType.FLOAT || a.length() > MAX_LENGTH || !SmallKernels.readable(a)) {
                return false;
            }
        }
        return true;
    }

    private static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[n];
        }
        return s[slot];
    }

    /** {@code z = relu(z + bias)} in place, {@code z} (rows × bias.length()) and the bias {@link #fits}. */
    static void biasRelu(INDArray z, INDArray bias) {
        int n = (int) z.length();
        int cols = (int) bias.length();
        float[] v = scratch(0, n);
        float[] b = scratch(1, cols);
        NativeFloats.pointer(z).get(v, 0, n);
        NativeFloats.pointer(bias).get(b, 0, cols);
        for (int o = 0; o < n; o += cols) {
            for (int j = 0; j < cols; j++) {
                float x = v[o + j] + b[j];
                v[o + j] = x < 0f ? 0f : x;
            }
        }
        NativeFloats.pointer(z).put(v, 0, n);
    }

    /** {@code out = g · (a > 0 ? 1 : 0)}, the three arrays {@link #fits} and of one length. */
    static void backward(INDArray a, INDArray g, INDArray out) {
        int n = (int) a.length();
        float[] av = scratch(0, n);
        float[] gv = scratch(1, n);
        NativeFloats.pointer(a).get(av, 0, n);
        NativeFloats.pointer(g).get(gv, 0, n);
        for (int i = 0; i < n; i++) {
            gv[i] = (av[i] > 0f ? 1f : 0f) * gv[i];
        }
        NativeFloats.pointer(out).put(gv, 0, n);
    }
}
