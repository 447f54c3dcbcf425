package dev.hyperforge.engine.kernels;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code out = x · mask} for a small float array and a mask held in a Java array (a dropout mask), in Java: the
 * products of libnd4j's pairwise multiply, element by element, the same bits, without the native op's wake-up of the
 * OpenMP worker (S6's Dropout over 128 × 100, forward and backward). Arrays of more than {@link ReluPasses#MAX_LENGTH}
 * elements keep the op.
 */
public final class MaskProducts {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private MaskProducts() {
    }

    /**
     * Writes {@code x · mask} into {@code out} and returns true when both arrays are float, of the mask's length, at
     * most {@link ReluPasses#MAX_LENGTH} elements and contiguous in C order; else returns false, writing nothing.
     */
    public static boolean multiply(INDArray x, float[] mask, INDArray out) {
        int n = (int) Math.min(x.length(), Integer.MAX_VALUE);
        if (x.dataType() != DataType.FLOAT || out.dataType() != DataType.FLOAT || x.length() != out.length() || n > mask.length
                || !ReluPasses.fits(x, out)) {
            return false;
        }
        float[] v = SCRATCH.get();
        if (v.length < n) {
            v = new float[n];
            SCRATCH.set(v);
        }
        pointer(x).get(v, 0, n);
        for (int i = 0; i < n; i++) {
            v[i] = v[i] * mask[i];
        }
        pointer(out).put(v, 0, n);
        return true;
    }

    private static FloatPointer pointer(INDArray a) {
        return new FloatPointer(a.data().pointer()).position(a.data().pointer().position() + a.offset());
    }
}
