package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bias gradient of a {@code Dense} layer on {@link SparseInput}'s path, in Java (numerics V6). With the scan's
 * forward pass and kernel gradient, relu's gradient in Java ({@code ReluPasses}, through {@code Activations}) and the
 * fused loss in Java, S5's training step then calls no libnd4j op: each op costs ND4J's Java-side dispatch and may
 * wake libnd4j's OpenMP team (engine/BENCHMARK.md, round 11).
 *
 * <pre>{@code
 * SparseLayerGrads k = ctx.keep("sparse_grads", SparseLayerGrads::new);
 * k.biasGradient(dz, gb);        // gb = column sums of dz (V6)
 * }</pre>
 */
public final class SparseLayerGrads {
    private float[] first = new float[0];
    private float[] second = new float[0];

    private float[] first(int n) {
        if (first.length < n) {
            first = new float[n];
        }
        return first;
    }

    private float[] second(int n) {
        if (second.length < n) {
            second = new float[n];
        }
        return second;
    }

    /**
     * The bias gradient {@code gb[j] = Σ_r dz[r, j]}, summed in double in row order and rounded once (numerics V6; the
     * op path's product with a ones vector sums in float in oneDNN's order). {@code dz}: float, rank 2, rows × units;
     * {@code gb}: float, units; both {@link SmallKernels#readable}. Returns false (nothing written) when they do not fit.
     */
    public boolean biasGradient(INDArray dz, INDArray gb) {
        if (dz.rank() != 2 || dz.dataType() != DataType.FLOAT || gb.dataType() != DataType.FLOAT || dz.size(1) != gb.length()
                || dz.length() > Integer.MAX_VALUE || !SmallKernels.readable(dz) || !SmallKernels.readable(gb)) {
            return false;
        }
        int rows = (int) dz.size(0);
        int units = (int) gb.length();
        float[] d = first(rows * units);
        NativeFloats.pointer(dz).get(d, 0, rows * units);
        double[] sums = new double[units];
        for (int r = 0; r < rows; r++) {
            int o = r * units;
            for (int j = 0; j < units; j++) {
                sums[j] += d[o + j];
            }
        }
        float[] b = second(units);
        for (int j = 0; j < units; j++) {
            b[j] = (float) sums[j];
        }
        NativeFloats.pointer(gb).put(b, 0, units);
        return true;
    }
}
