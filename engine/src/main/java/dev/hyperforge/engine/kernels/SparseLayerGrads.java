package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The backward pass's small pieces of a {@code Dense} layer on {@link SparseInput}'s path, in Java: relu's gradient
 * (the bits of the ops it replaces, every level) and the bias gradient (numerics V6). With the scan's forward pass
 * and kernel gradient, and the fused loss in Java, S5's training step then calls no libnd4j op: each op costs ND4J's
 * Java-side dispatch and may wake libnd4j's OpenMP team (engine/BENCHMARK.md, round 11).
 *
 * <pre>{@code
 * SparseLayerGrads k = ctx.keep("sparse_grads", SparseLayerGrads::new);
 * k.reluGradient(a, g, dz);      // dz = step(a) · g
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
     * relu's gradient {@code dz = step(a) · g} (step: {@code a > 0 ? 1 : 0}) into {@code dz}, the bits of
     * {@code Activations}' step op and product ({@code 0 · (−g)} stays −0.0, {@code 0 · ∞} NaN); all three float,
     * {@link SmallKernels#readable}, of one length that fits in an int. Returns false (nothing written) otherwise.
     */
    public boolean reluGradient(INDArray a, INDArray g, INDArray dz) {
        long n = a.length();
        if (n > Integer.MAX_VALUE || g.length() != n || dz.length() != n) {
            return false;
        }
        for (INDArray t : new INDArray[] {a, g, dz}) {
            if (t.dataType() != DataType.FLOAT || !SmallKernels.readable(t)) {
                return false;
            }
        }
        int len = (int) n;
        float[] av = first(len);
        float[] gv = second(len);
        NativeFloats.pointer(a).get(av, 0, len);
        NativeFloats.pointer(g).get(gv, 0, len);
        for (int i = 0; i < len; i++) {
            gv[i] = (av[i] > 0f ? 1f : 0f) * gv[i];
        }
        NativeFloats.pointer(dz).put(gv, 0, len);
        return true;
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
