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

    /**
     * The LSTM cell of a layer whose weights are float32 when {@code single} (from level {@link Numerics#V3} its
     * default gates are then computed to float accuracy, {@link FloatGates}).
     */
    static RecurrentCell lstm(StepLayout layout, int units, Activation act, Activation rec, boolean single) {
        return new LstmKernel(layout, units, act, rec, single);
    }

    /**
     * {@link #lstm(StepLayout, int, Activation, Activation, boolean)}, for a caller that reads the per-step cell states
     * ({@code s1}, for {@code return_state}) only when {@code cellStates}: the float forward passes then skip writing them.
     */
    static RecurrentCell lstm(StepLayout layout, int units, Activation act, Activation rec, boolean single, boolean cellStates) {
        return new LstmKernel(layout, units, act, rec, single, cellStates);
    }

    /** The GRU cell with Keras' {@code reset_after=True} (gates z, r, h; input and recurrent biases). */
    static RecurrentCell gru(StepLayout layout, int units, Activation act, Activation rec) {
        return new GruKernel(layout, units, act, rec);
    }

    /**
     * The GRU cell of a layer whose weights are float32 when {@code single} (from level {@link Numerics#V5} its forward
     * and backward passes with the default activations then run in float, {@link GruFloatBlock},
     * {@link GruFloatBackBlock}).
     */
    static RecurrentCell gru(StepLayout layout, int units, Activation act, Activation rec, boolean single) {
        return new GruKernel(layout, units, act, rec, single);
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

    /** How many of the per-step arrays {@link #infer} needs ({@code s1} first); the others are passed as null. */
    default int inferenceArrays() {
        return stepArrays();
    }

    /**
     * The forward pass without backward to follow (prediction, evaluation): the same hidden states, and the
     * same {@code s1} when {@link #inferenceArrays} keeps it (the LSTM's cell state, for {@code return_state}),
     * bit-identical to {@link #forward}'s; what only backward reads ({@code a}'s activated gates, {@code s2})
     * may be left unwritten.
     */
    default void infer(double[] a, double[] r, double[] rb, double[] hs, double[] s1, double[] s2, int b0, int b1) {
        forward(a, r, rb, hs, s1, s2, b0, b1);
    }

    /**
     * Whether this cell's forward passes take the input projection as floats ({@link #forwardFloats}): a float32
     * layer whose recurrence runs in float (the LSTM from level {@link Numerics#V3}, the GRU from {@link Numerics#V5}).
     */
    default boolean takesFloats() {
        return false;
    }

    /**
     * The forward pass from the float input projection {@code af} ({@code x·W + b} per input row, summed in float),
     * for a cell that {@link #takesFloats}: the same results as {@link #forward} (when {@code keep}) or
     * {@link #infer} given those values as doubles; {@code a} receives what backward needs (when {@code keep}).
     *
     * @param rb the recurrent bias as floats (the GRU's), or null
     */
    default void forwardFloats(float[] af, float[] rb, double[] a, double[] r, double[] hs, double[] s1, double[] s2, int b0, int b1, boolean keep) {
        throw new UnsupportedOperationException("this cell takes its input projection as doubles");
    }

    /**
     * Whether this cell's training passes run in float both ways: {@link #forwardSaving} keeps what backward needs as
     * floats ({@link #savedFloats} per batch row, step and unit) and {@link #backwardFloats} writes the pre-activation
     * gradients as floats (a float32 LSTM from level {@link Numerics#V4}, a float32 GRU from {@link Numerics#V5}). Implies
     * {@link #takesFloats}.
     */
    default boolean takesFloatGradients() {
        return false;
    }

    /** The floats {@link #forwardSaving} keeps per batch row, step and unit. */
    default int savedFloats() {
        return 0;
    }

    /**
     * The training forward pass of a cell that {@link #takesFloatGradients}: the hidden states {@code hs} and the
     * {@link #inferenceArrays} of {@link #forwardFloats} (their values the same), and what backward needs into
     * {@code saved} (of a call of {@code batch} rows) instead of {@code a} and the other per-step arrays.
     */
    default void forwardSaving(float[] af, float[] rb, double[] r, double[] hs, double[] s1, float[] saved, int batch, int b0, int b1) {
        throw new UnsupportedOperationException("this cell keeps no floats for backward");
    }

    /**
     * {@link #backward} for a cell that {@link #takesFloatGradients}, from what {@link #forwardSaving} kept: the
     * pre-activation gradients are written as floats into {@code dz} (input side) and {@code dzr} (recurrent side, for a
     * cell with a {@link #separateRecurrentGradient}; else null, {@code dz} serving both), for the float weight-gradient
     * GEMMs.
     */
    default void backwardFloats(float[] saved, int batch, double[] rt, double[] dhInit, double[] dcInit, double[] gradSeq, float[] dz,
                                float[] dzr, int b0, int b1) {
        throw new UnsupportedOperationException("this cell keeps no floats for backward");
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
     * {@code out = d[off .. off+g) · rt}, with {@code rt} a transposed recurrent kernel as one array per row
     * ({@link #rows}, width units). Four rows of {@code rt} at a time, added left to right: the same sums in the
     * same order as one row at a time.
     */
    static void times(double[] d, int off, double[][] rt, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        addProduct(out, d, off, rt);
    }

    /**
     * {@code z[0 .. width) += h[hi .. hi+k) · r}, with {@code r} a {@code (k, width)} matrix as one array per row
     * ({@link #rows}): four rows of {@code r} per sweep, {@code z + h0·w0 + h1·w1 + h2·w2 + h3·w3} added left to
     * right, the same sums in the same order as one row at a time (bit-identical). Each sweep stores to one array
     * and reads whole arrays, which lets the JIT vectorise it (a sweep that stores to several arrays, or that
     * reads offset ranges of one flat array, stays scalar).
     */
    static void addProduct(double[] z, double[] h, int hi, double[][] r) {
        int k = 0;
        int n = r.length;
        for (; k + 4 <= n; k += 4) {
            addFour(z, h[hi + k], h[hi + k + 1], h[hi + k + 2], h[hi + k + 3], r[k], r[k + 1], r[k + 2], r[k + 3]);
        }
        for (; k < n; k++) {
            double hk = h[hi + k];
            double[] w = r[k];
            for (int j = 0; j < z.length; j++) {
                z[j] += hk * w[j];
            }
        }
    }

    private static void addFour(double[] z, double h0, double h1, double h2, double h3, double[] w0, double[] w1, double[] w2,
                                double[] w3) {
        for (int j = 0; j < z.length; j++) {
            z[j] = z[j] + h0 * w0[j] + h1 * w1[j] + h2 * w2[j] + h3 * w3[j];
        }
    }

    /** The row-major {@code (rows, width)} matrix {@code m} as one array per row. */
    static double[][] rows(double[] m, int rows, int width) {
        double[][] out = new double[rows][width];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(m, k * width, out[k], 0, width);
        }
        return out;
    }
}
