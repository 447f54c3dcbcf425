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
 * gradients need no transposes. It runs on {@link RecurrentMath} with an {@link LstmKernel}, every step
 * real and in order; the LSTM layer itself calls {@link RecurrentMath} directly (masks, {@code go_backwards}).
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
        int units = (int) r.size(0);
        LstmKernel k = new LstmKernel((int) x.size(1), units, act, recAct);
        RecurrentMath.State s = RecurrentMath.forward(k, "lstm", x, w, r, b, null, ctx);
        return new State(s.x2(), s.batch(), s.steps(), units, s.a(), s.s1(), s.s2(), s.hs());
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
        LstmKernel k = new LstmKernel(s.steps(), s.units(), act, recAct);
        RecurrentMath.State rs = new RecurrentMath.State(s.x2(), s.batch(), k, "lstm", s.a(), s.hs(), s.cs(), s.tc());
        RecurrentMath.Grads g = RecurrentMath.backward(rs, sequences ? null : gradOut, null, sequences ? gradOut : null, w, r,
                inputGradient, ctx, dw, dr, db, null);
        return new Grads(g.input(), dw, dr, db);
    }
}
