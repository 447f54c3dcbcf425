package dev.hyperforge.engine.optimizers;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.kernels.SmallKernels;

/**
 * RMSprop's dense update of a float parameter in Java, with the bits of libnd4j's {@code rms_prop_updater} followed
 * by {@code value.subi(update)}: {@code s = fma(s, ρ, g·g·(1-ρ))}, {@code w -= (lr·g) / (√s + ε)}, all in float
 * ({@code ρ}, {@code 1-ρ}, {@code lr} and {@code ε} rounded to float as the op rounds them; the op's compiled loop
 * contracts the state's sum into a fused multiply-add, which {@link Math#fma} reproduces, and a float square root
 * taken in double and rounded is the correctly rounded one). One pass over the three arrays on the calling thread
 * instead of two native ops that each wake libnd4j's OpenMP worker; the gradient is left as it was (the op wrote
 * the update into it). Taken only where the op, as built for the machine's CPU, gives these bits ({@link #sameAsOp});
 * {@code -Dhf.rmsprop.java=false} keeps the ops (engine/BENCHMARK.md, round 11).
 */
final class RmsPropFloat {
    private static final boolean ENABLED = !"false".equals(System.getProperty("hf.rmsprop.java"));
    /** Whether the op's bits are this pass's on this machine ({@link #sameAsOp}), checked at first use. */
    private static volatile Boolean sameAsOp;
    private float[] w = new float[0];
    private float[] s = new float[0];
    private float[] g = new float[0];

    /** Whether this path takes the update: float arrays of one length, each contiguous in C order. */
    static boolean fits(INDArray value, INDArray grad, INDArray state) {
        return ENABLED && value.dataType() == DataType.FLOAT && grad.dataType() == DataType.FLOAT && state.dataType() == DataType.FLOAT
                && value.length() == grad.length() && value.length() == state.length() && value.length() <= Integer.MAX_VALUE
                && SmallKernels.readable(value) && SmallKernels.readable(grad) && SmallKernels.readable(state) && sameAsOp();
    }

    /**
     * Whether the op, as built for this machine's CPU, contracts the state's sum into a fused multiply-add as this
     * pass does: both run once on 4 096 states and squared gradients of one size (where about a fifth of the
     * results tell the two roundings apart), and must agree to the bit. A libnd4j build without FMA keeps the op.
     */
    static boolean sameAsOp() {
        Boolean same = sameAsOp;
        if (same == null) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(20261207L);
            int n = 4096;
            float[] w = new float[n];
            float[] s = new float[n];
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) (r.nextGaussian() * 0.05);
                s[i] = (float) (r.nextDouble() * 1e-4);
                g[i] = (float) (r.nextGaussian() * 1e-2);
            }
            INDArray wOp = Nd4j.createFromArray(w);
            INDArray sOp = Nd4j.createFromArray(s);
            INDArray gOp = Nd4j.createFromArray(g);
            Nd4j.exec(new RmsPropUpdater(gOp, sOp, 1e-3, 0.9, 1e-7));
            wOp.subi(gOp);
            INDArray wJava = Nd4j.createFromArray(w);
            INDArray sJava = Nd4j.createFromArray(s);
            new RmsPropFloat().update(wJava, Nd4j.createFromArray(g), sJava, 1e-3, 0.9, 1e-7);
            same = java.util.Arrays.equals(bits(wOp), bits(wJava)) && java.util.Arrays.equals(bits(sOp), bits(sJava));
            sameAsOp = same;
        }
        return same;
    }

    private static int[] bits(INDArray a) {
        float[] v = a.data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** Updates {@code value} and {@code state} in place ({@link #fits}). */
    void update(INDArray value, INDArray grad, INDArray state, double learningRate, double rho, double epsilon) {
        int n = (int) value.length();
        if (w.length < n) {
            w = new float[n];
            s = new float[n];
            g = new float[n];
        }
        float[] ww = w;
        float[] ss = s;
        float[] gg = g;
        pointer(value).get(ww, 0, n);
        pointer(state).get(ss, 0, n);
        pointer(grad).get(gg, 0, n);
        float lr = (float) learningRate;
        float decay = (float) rho;
        float fresh = 1f - decay;
        float eps = (float) epsilon;
        for (int i = 0; i < n; i++) {
            float gi = gg[i];
            float si = Math.fma(ss[i], decay, gi * gi * fresh);
            ss[i] = si;
            ww[i] -= (lr * gi) / ((float) Math.sqrt(si) + eps);
        }
        pointer(value).put(ww, 0, n);
        pointer(state).put(ss, 0, n);
    }

    /** A pointer at element 0 of {@code a} ({@link SmallKernels#readable}). */
    private static FloatPointer pointer(INDArray a) {
        FloatPointer p = new FloatPointer(a.data().pointer());
        return p.position(a.data().pointer().position() + a.offset());
    }
}
