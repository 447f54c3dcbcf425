package dev.hyperforge.engine.kernels;

import java.util.Random;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * RMSprop's update of a large float parameter in Java, bit for bit what libnd4j's {@code rms_prop_updater} op
 * followed by the weights' subtraction gives: {@code s = s·ρ + g·g·(1-ρ); w = w - (lr·g) / (√s + ε)}, every term in
 * float. The op's compiled loop may contract {@code s·ρ + (g·g)·(1-ρ)} into one fused multiply-add (the AVX-512
 * build does) or not (a build without FMA), so the first use runs the op once on a probe of a thousand values and
 * keeps whichever Java form reproduces it bit for bit; if neither does, {@link #applies} stays false and the op keeps
 * the update. The elements are independent, so the two kernel threads' split does not change a bit.
 *
 * <p>Why: for S5's 160 000-weight kernel the op pair wakes libnd4j's OpenMP team twice per step and makes three
 * passes over the arrays; this is one pass over Java copies, vectorised by the JIT (engine/BENCHMARK.md, round 11).
 * {@code -Dhf.javaRmsProp=false} keeps the op.
 *
 * <pre>{@code
 * RmsPropFloat k = new RmsPropFloat();
 * if (RmsPropFloat.applies(w, g, s)) k.update(w, g, s, lr, rho, eps);
 * }</pre>
 */
public final class RmsPropFloat {
    /** Shorter parameters keep their other paths. */
    public static final int MIN_LENGTH = 4096;
    /** Elements per task handed to a thread. */
    private static final int CHUNK = 16384;
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("hf.javaRmsProp", "true"));
    /** 0: not probed yet; 1: plain float arithmetic matches the op; 2: the fused multiply-add form does; -1: neither. */
    private static volatile int form;

    private float[] w = new float[0];
    private float[] s = new float[0];
    private float[] g = new float[0];

    /** Whether {@link #update} may replace the op for these arrays (float, same length, contiguous, long enough). */
    public static boolean applies(INDArray value, INDArray grad, INDArray state) {
        if (!ENABLED || value.length() < MIN_LENGTH || value.length() > Integer.MAX_VALUE || !NativeFloats.available()) {
            return false;
        }
        for (INDArray a : new INDArray[] {value, grad, state}) {
            if (a.dataType() != DataType.FLOAT || a.length() != value.length() || !SmallKernels.readable(a)) {
                return false;
            }
        }
        return form() > 0;
    }

    /** Which Java form reproduces the op on this machine's libnd4j (probed once). */
    static int form() {
        int f = form;
        if (f == 0) {
            synchronized (RmsPropFloat.class) {
                if (form == 0) {
                    form = probe();
                }
                f = form;
            }
        }
        return f;
    }

    /** {@code s = s·ρ + g²·(1-ρ); value -= lr·g / (√s + ε)} in place on {@code value} and {@code state}; {@code grad} is only read. */
    public void update(INDArray value, INDArray grad, INDArray state, double lr, double rho, double eps) {
        int n = (int) value.length();
        if (w.length < n) {
            w = new float[n];
            s = new float[n];
            g = new float[n];
        }
        boolean fma = form() == 2;
        float flr = (float) lr;
        float frho = (float) rho;
        float feps = (float) eps;
        int chunks = (n + CHUNK - 1) / CHUNK;
        Parallel.forShared(chunks, Parallel.threads(), next -> {
            for (int c = next.getAsInt(); c < chunks; c = next.getAsInt()) {
                int from = c * CHUNK;
                int len = Math.min(n, from + CHUNK) - from;
                at(value, from).get(w, from, len);
                at(state, from).get(s, from, len);
                at(grad, from).get(g, from, len);
                if (fma) {
                    fused(w, s, g, from, from + len, flr, frho, feps);
                } else {
                    plain(w, s, g, from, from + len, flr, frho, feps);
                }
                at(value, from).put(w, from, len);
                at(state, from).put(s, from, len);
            }
        });
    }

    private static FloatPointer at(INDArray a, int from) {
        FloatPointer p = NativeFloats.pointer(a);
        return p.position(p.position() + from);
    }

    /** The update with {@code s·ρ + (g·g)·(1-ρ)} as one fused multiply-add, as the AVX-512 build computes it. */
    static void fused(float[] w, float[] s, float[] g, int from, int to, float lr, float rho, float eps) {
        float fresh = 1f - rho;
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float sj = Math.fma(s[j], rho, gj * gj * fresh);
            s[j] = sj;
            w[j] = w[j] - lr * gj / ((float) Math.sqrt(sj) + eps);
        }
    }

    /** The update with every product rounded. */
    static void plain(float[] w, float[] s, float[] g, int from, int to, float lr, float rho, float eps) {
        float fresh = 1f - rho;
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float sj = s[j] * rho + gj * gj * fresh;
            s[j] = sj;
            w[j] = w[j] - lr * gj / ((float) Math.sqrt(sj) + eps);
        }
    }

    /** Runs the op on a probe and returns the Java form that matches it bit for bit (1 or 2), or -1. */
    private static int probe() {
        int n = 1000;
        Random r = new Random(20261207);
        float[] w = new float[n];
        float[] s = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextGaussian();
            s[i] = (float) Math.abs(r.nextGaussian() * Math.pow(10, -r.nextInt(10)));
            g[i] = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(8)));
        }
        double lr = 1e-3;
        double rho = 0.9;
        double eps = 1e-7;
        try {
            INDArray wa = Nd4j.createFromArray(w.clone());
            INDArray sa = Nd4j.createFromArray(s.clone());
            INDArray ga = Nd4j.createFromArray(g.clone());
            Nd4j.exec(new RmsPropUpdater(ga, sa, lr, rho, eps));
            wa.subi(ga);
            float[] wantW = wa.toFloatVector();
            float[] wantS = sa.toFloatVector();
            for (int f = 1; f <= 2; f++) {
                float[] w2 = w.clone();
                float[] s2 = s.clone();
                if (f == 2) {
                    fused(w2, s2, g, 0, n, (float) lr, (float) rho, (float) eps);
                } else {
                    plain(w2, s2, g, 0, n, (float) lr, (float) rho, (float) eps);
                }
                if (sameBits(w2, wantW) && sameBits(s2, wantS)) {
                    return f;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    private static boolean sameBits(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return false;
            }
        }
        return true;
    }
}
