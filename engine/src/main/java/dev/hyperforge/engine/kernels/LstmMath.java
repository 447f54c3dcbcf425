package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The LSTM's forward pass and backpropagation through time. The large products run as ND4J GEMMs over
 * all steps at once: the input projection {@code x·W + b} before the recurrence, and {@code dW = xᵀ·dz},
 * {@code dU = h_prevᵀ·dz}, {@code dx = dz·Wᵀ} after it. The recurrence itself, small products and fused
 * gate math per step, runs in {@link LstmKernel} on Java arrays (double precision), the batch rows split
 * over the native thread count. Arrays are batch-major, {@code (batch, steps, ...)}, so inputs, outputs and
 * gradients need no transposes.
 *
 * <pre>{@code
 * LstmMath.State s = LstmMath.forward(x, kernel, recurrentKernel, bias, Activation.TANH, Activation.SIGMOID);
 * INDArray h = s.lastHidden(x.dataType());
 * }</pre>
 */
public final class LstmMath {
    private LstmMath() {
    }

    /**
     * What the forward pass keeps for backward (Java arrays are batch-major, see {@link LstmKernel}).
     *
     * @param x2 the input flattened to {@code (batch*steps, features)}, in the weights' dtype
     * @param a activated gates i, f, g, o (width 4·units)
     * @param cs cell states after each step
     * @param tc activation of the cell states
     * @param hs hidden states after each step
     */
    public record State(INDArray x2, int batch, int steps, int units, double[] a, double[] cs, double[] tc, double[] hs) {
        /** All hidden states {@code (batch, steps, units)}. */
        public INDArray hiddenSequence(DataType dt) {
            return HostArrays.fromDoubles(hs, dt, batch, steps, units);
        }

        /** The last hidden state {@code (batch, units)}. */
        public INDArray lastHidden(DataType dt) {
            double[] last = new double[batch * units];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(hs, ((b + 1) * steps - 1) * units, last, b * units, units);
            }
            return HostArrays.fromDoubles(last, dt, batch, units);
        }
    }

    /** Gradients of one call. */
    public record Grads(INDArray input, INDArray kernel, INDArray recurrentKernel, INDArray bias) {
    }

    /** Gate {@code k} (0 = i, 1 = f, 2 = c, 3 = o) of an array whose last axis holds the 4 gates. */
    public static INDArray gate(INDArray a, int k, long units) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int i = 0; i < idx.length - 1; i++) {
            idx[i] = NDArrayIndex.all();
        }
        idx[idx.length - 1] = NDArrayIndex.interval(k * units, (k + 1) * units);
        return a.get(idx);
    }

    public static State forward(INDArray x, INDArray w, INDArray r, INDArray b, Activation act, Activation recAct) {
        return forward(x, w, r, b, act, recAct, null);
    }

    /**
     * The forward pass; with a call context its Java arrays and the input projection are the call's
     * reusable ones ({@link LayerContext#reusableDoubles}), so a training step allocates (and the JVM
     * zeroes) nothing of the batch's size. Every element of them is written before it is read.
     */
    public static State forward(INDArray x, INDArray w, INDArray r, INDArray b, Activation act, Activation recAct, LayerContext ctx) {
        int batch = (int) x.size(0);
        int steps = (int) x.size(1);
        int units = (int) r.size(0);
        INDArray xc = HostArrays.contiguous(x);
        INDArray x2 = xc.reshape('c', (long) batch * steps, x.size(2));
        INDArray z = ctx == null ? Nd4j.createUninitialized(w.dataType(), (long) batch * steps, 4L * units)
                : ctx.reusable("lstm_z", w.dataType(), (long) batch * steps, 4L * units);
        MatMul.mmInto(x2, w, false, false, z);
        if (b != null) {
            z.addiRowVector(b);
        }
        double[] a = doubles(ctx, "lstm_a", (int) z.length());
        HostArrays.toDoubles(z, a);
        double[] rr = HostArrays.toDoubles(r);
        int n = batch * steps * units;
        double[] cs = doubles(ctx, "lstm_c", n);
        double[] tc = doubles(ctx, "lstm_tc", n);
        double[] hs = doubles(ctx, "lstm_h", n);
        LstmKernel k = new LstmKernel(steps, units, act, recAct);
        Parallel.forRows(batch, 8L * steps * units * units, (b0, b1) -> k.forward(a, rr, cs, tc, hs, b0, b1));
        return new State(x2, batch, steps, units, a, cs, tc, hs);
    }

    /** Backpropagation through time; {@code dx} is left null unless {@code inputGradient}. */
    public static Grads backward(State s, INDArray gradOut, boolean sequences, INDArray w, INDArray r,
                          Activation act, Activation recAct, boolean inputGradient) {
        return backward(s, gradOut, sequences, w, r, act, recAct, inputGradient, null, w.ulike(), r.ulike(),
                Nd4j.createUninitialized(w.dataType(), 4L * s.units()));
    }

    /**
     * {@link #backward} writing the kernel, recurrent kernel and bias gradients into {@code dw}, {@code dr}
     * and {@code db} (every element; {@code db} may be null when there is no bias), with the call's reusable
     * arrays when {@code ctx} is given (see {@link #forward}).
     */
    public static Grads backward(State s, INDArray gradOut, boolean sequences, INDArray w, INDArray r,
                          Activation act, Activation recAct, boolean inputGradient, LayerContext ctx,
                          INDArray dw, INDArray dr, INDArray db) {
        int batch = s.batch();
        int steps = s.steps();
        int units = s.units();
        DataType dt = w.dataType();
        double[] g = doubles(ctx, "lstm_g", (int) gradOut.length());
        HostArrays.toDoubles(gradOut, g);
        double[] rt = HostArrays.toDoubles(r.transpose());
        double[] dz = doubles(ctx, "lstm_dz", batch * steps * 4 * units);
        LstmKernel k = new LstmKernel(steps, units, act, recAct);
        Parallel.forRows(batch, 8L * steps * units * units, (b0, b1) ->
                k.backward(s.a(), s.cs(), s.tc(), rt, sequences ? null : g, sequences ? g : null, dz, b0, b1));
        long rows = (long) batch * steps;
        INDArray dz2 = HostArrays.intoArray(dz, array(ctx, "lstm_dz2", dt, rows, 4L * units));
        INDArray hPrev = HostArrays.intoArray(previousHidden(s, doubles(ctx, "lstm_hprev", s.hs().length)), array(ctx, "lstm_hprev2", dt, rows, units));
        MatMul.mmInto(s.x2(), dz2, true, false, dw);
        MatMul.mmInto(hPrev, dz2, true, false, dr);
        if (db != null) {
            MatMul.columnSumsInto(dz2, db);
        }
        INDArray dx = inputGradient ? MatMul.mm(dz2, w, false, true).reshape('c', batch, steps, w.size(0)) : null;
        return new Grads(dx, dw, dr, db);
    }

    private static double[] doubles(LayerContext ctx, String key, int n) {
        return ctx == null ? new double[n] : ctx.reusableDoubles(key, n);
    }

    private static INDArray array(LayerContext ctx, String key, DataType dt, long... shape) {
        return ctx == null ? Nd4j.createUninitialized(dt, shape) : ctx.reusable(key, dt, shape);
    }

    /** The hidden state entering each step: zeros at step 0, else the previous step's output. */
    private static double[] previousHidden(State s, double[] prev) {
        int u = s.units();
        for (int b = 0; b < s.batch(); b++) {
            int base = b * s.steps() * u;
            java.util.Arrays.fill(prev, base, base + u, 0.0);
            System.arraycopy(s.hs(), base, prev, base + u, (s.steps() - 1) * u);
        }
        return prev;
    }
}
