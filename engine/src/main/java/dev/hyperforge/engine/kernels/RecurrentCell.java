package dev.hyperforge.engine.kernels;

import dev.hyperforge.engine.layers.Activation;

/**
 * The per-step maths of one recurrent cell on Java arrays, for {@link RecurrentMath}: the recurrence of
 * batch rows {@code [b0, b1)} and its backpropagation through time. Per-step arrays are indexed by input row
 * ({@link StepLayout#row}); a masked step carries the state through unchanged and gets zero pre-activation
 * gradients. {@code a} has {@link #gates()}·units columns; {@code s1} and {@code s2} are per-step arrays of
 * width units the cell may use for what backward needs (the LSTM's cell state and its activation).
 *
 * <pre>{@code
 * RecurrentCell cell = RecurrentCell.gru(StepLayout.plain(steps), 64, Activation.TANH, Activation.SIGMOID);
 * RecurrentMath.State s = RecurrentMath.forward(cell, "gru", x, kernel, recurrent, inputBias, recurrentBias, ctx);
 * }</pre>
 */
public interface RecurrentCell {
    /** The LSTM cell (gates i, f, c, o; Keras layout). */
    static RecurrentCell lstm(StepLayout layout, int units, Activation act, Activation rec) {
        return new LstmKernel(layout, units, act, rec);
    }

    /** The GRU cell with Keras' {@code reset_after=True} (gates z, r, h; input and recurrent biases). */
    static RecurrentCell gru(StepLayout layout, int units, Activation act, Activation rec) {
        return new GruKernel(layout, units, act, rec);
    }

    /** The fully connected recurrent cell {@code h = act(x·W + b + h_prev·U)}. */
    static RecurrentCell simple(StepLayout layout, int units, Activation act) {
        return new SimpleRnnKernel(layout, units, act);
    }

    /** Gate blocks per unit: 4 for LSTM, 3 for GRU, 1 for a simple RNN. */
    int gates();

    /** Hidden size. */
    int units();

    /** The step order and mask. */
    StepLayout layout();

    /** How many of the per-step arrays {@code s1}, {@code s2} the cell uses (the others are passed as null). */
    default int stepArrays() {
        return 2;
    }

    /** Whether the recurrent pre-activation gradient differs from the input one (the GRU's reset-after candidate). */
    default boolean separateRecurrentGradient() {
        return false;
    }

    /**
     * Whether {@link #backward} may write the input-side pre-activation gradients over the forward pass's
     * {@code a} (it reads each row and step's values of {@code a} before writing that row and step's
     * gradients, and never again after): saves an array of the size of {@code a} per layer call. The forward
     * state is then spent: a second backward over it would read gradients as gates.
     */
    default boolean gradientOverGates() {
        return false;
    }

    /**
     * @param a in: {@code x·W + b} per input row; out: what backward needs (activated gates)
     * @param r recurrent kernel {@code (units, gates·units)}, row-major
     * @param rb recurrent bias (gates·units) or null
     * @param hs out: the hidden state after each step (carried at masked steps)
     */
    void forward(double[] a, double[] r, double[] rb, double[] hs, double[] s1, double[] s2, int b0, int b1);

    /**
     * @param rt the recurrent kernel transposed, {@code (gates·units, units)}
     * @param dhInit gradient of the final hidden state {@code (batch, units)}, or null
     * @param dcInit gradient of the final cell state (LSTM), or null
     * @param gradSeq gradient of each step's output in pass order {@code (batch, steps, units)}, or null
     * @param dzx out: gradient of the input-side pre-activations per input row
     * @param dzr out: gradient of the recurrent-side pre-activations (the same array unless
     *            {@link #separateRecurrentGradient()})
     */
    void backward(double[] a, double[] hs, double[] s1, double[] s2, double[] rt, double[] dhInit, double[] dcInit,
                  double[] gradSeq, double[] dzx, double[] dzr, int b0, int b1);

    /** Adds this row's output gradient at pass step {@code s} to {@code dh} (none at a masked step whose output is zero). */
    static void addOutputGradient(double[] gradSeq, double[] dh, StepLayout l, int b, int s, int units) {
        if (gradSeq == null || l.zeroed(b, s)) {
            return;
        }
        int o = l.out(b, s) * units;
        for (int j = 0; j < units; j++) {
            dh[j] += gradSeq[o + j];
        }
    }

    /** Starts a row's backward pass: {@code d} is the row of {@code init}, or zeros. */
    static void startRow(double[] init, double[] d, int b, int units) {
        if (init == null) {
            java.util.Arrays.fill(d, 0.0);
        } else {
            System.arraycopy(init, b * units, d, 0, units);
        }
    }

    /** Below this magnitude a backpropagated gradient is set to 0 (see {@link #flushTiny}). */
    double TINY = 1e-30;

    /**
     * Sets the values of {@code d} below {@link #TINY} in magnitude to zero. A gradient that enters only at
     * the last step (a layer without {@code return_sequences}) shrinks geometrically on its way back through
     * hundreds of steps; its pre-activation gradients then become subnormal floats in the weight-gradient
     * GEMMs (and later subnormal doubles here), whose arithmetic is several times slower (a GRU over 200
     * steps took 2-3 times longer in backward). A value below 1e-30 is far under float precision relative to
     * the other terms of a weight's gradient, so flushing it changes no float result that matters and keeps
     * double-precision gradient checks within their tolerances.
     */
    static void flushTiny(double[] d) {
        for (int j = 0; j < d.length; j++) {
            d[j] = Math.abs(d[j]) < TINY ? 0.0 : d[j];
        }
    }

    /**
     * {@code out = d[off .. off+g) · rt}, with {@code rt} a transposed recurrent kernel of width units. Four
     * rows of {@code rt} at a time, added left to right: the same sums in the same order as one row at a time.
     */
    static void times(double[] d, int off, int g, double[] rt, int units, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        addProduct(out, 0, d, off, rt, g, units);
    }

    /** {@code a[za .. za+g) += h[hi .. hi+units) · r}; four rows of {@code r} at a time, in the same order as one at a time. */
    static void addProduct(double[] a, int za, double[] h, int hi, double[] r, int units, int g) {
        int k = 0;
        for (; k + 4 <= units; k += 4) {
            double h0 = h[hi + k], h1 = h[hi + k + 1], h2 = h[hi + k + 2], h3 = h[hi + k + 3];
            int r0 = k * g;
            int r1 = r0 + g;
            int r2 = r1 + g;
            int r3 = r2 + g;
            for (int j = 0; j < g; j++) {
                a[za + j] = a[za + j] + h0 * r[r0 + j] + h1 * r[r1 + j] + h2 * r[r2 + j] + h3 * r[r3 + j];
            }
        }
        for (; k < units; k++) {
            double hk = h[hi + k];
            int rk = k * g;
            for (int j = 0; j < g; j++) {
                a[za + j] += hk * r[rk + j];
            }
        }
    }
}
