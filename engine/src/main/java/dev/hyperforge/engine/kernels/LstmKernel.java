package dev.hyperforge.engine.kernels;
import dev.hyperforge.engine.layers.Activation;


/**
 * The LSTM recurrence on plain Java arrays, in double precision, one batch row at a time through its steps. Every array
 * is batch-major: the element of row {@code b}, step {@code t}, unit/gate column {@code j} of a width-
 * {@code w} array sits at {@code (b * steps + t) * w + j}. Gate columns are ordered i, f, c, o (Keras).
 *
 * <p>Rows are independent, so {@link Parallel#forRows} may run disjoint row ranges on different threads
 * without changing any result. Per step and row the kernel does the recurrent product
 * {@code h_{t-1}·U} (units × 4·units multiply-adds), the fused gate activations and the cell update; the
 * input projection {@code x·W + b} of all steps is computed beforehand as one GEMM, and the weight
 * gradients afterwards as GEMMs over all steps (see {@link RecurrentMath}). A {@link StepLayout} gives
 * the step order ({@code go_backwards}) and the mask: a masked step carries the cell and hidden states
 * through unchanged and gets zero gate gradients.
 */
final class LstmKernel implements RecurrentCell {
    private final StepLayout layout;
    private final int units;
    private final Activation act;
    private final Activation rec;
    /** The numerics level in force when the kernel was made (once per layer call): V2's gates use {@link FastExp}. */
    private final Numerics numerics = Numerics.current();
    /** Whether the layer's weights are float32 (V3 then computes its default gates to float accuracy). */
    private final boolean single;
    /** Whether the caller reads the per-step cell states ({@code return_state}); else a float forward need not write them. */
    private final boolean cellStates;

    /**
     * @param steps time steps
     * @param units hidden size
     * @param act cell-input and output activation
     * @param rec gate (recurrent) activation
     */
    LstmKernel(int steps, int units, Activation act, Activation rec) {
        this(StepLayout.plain(steps), units, act, rec);
    }

    /** A kernel walking the steps as {@code layout} says (order, mask). */
    LstmKernel(StepLayout layout, int units, Activation act, Activation rec) {
        this(layout, units, act, rec, false);
    }

    /**
     * A kernel for a layer whose weights are float32 when {@code single}: from level {@link Numerics#V3} its default
     * gates then take tanh and sigmoid from {@link FloatGates} (float accuracy, no exponentials).
     */
    LstmKernel(StepLayout layout, int units, Activation act, Activation rec, boolean single) {
        this(layout, units, act, rec, single, true);
    }

    /**
     * {@link #LstmKernel(StepLayout, int, Activation, Activation, boolean)}; without {@code cellStates} (a layer that does
     * not return its cell state) the float forward passes ({@link #takesFloats}) keep no per-step cell states unless the
     * double backward reads them (level V3's training).
     */
    LstmKernel(StepLayout layout, int units, Activation act, Activation rec, boolean single, boolean cellStates) {
        this.single = single;
        this.cellStates = cellStates;
        this.layout = layout;
        this.units = units;
        this.act = act;
        this.rec = rec;
    }

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public StepLayout layout() {
        return layout;
    }

    /** {@link #gates} reads a row and step's four gates before writing their gradients at the same places. */
    @Override
    public boolean gradientOverGates() {
        return true;
    }

    @Override
    public void forward(double[] a, double[] r, double[] rb, double[] hs, double[] cs, double[] tc, int b0, int b1) {
        forward(a, r, cs, tc, hs, b0, b1);
    }

    /**
     * Forward pass of rows {@code [b0, b1)}, one row at a time through all its steps.
     *
     * @param a in: {@code x·W + b} per row and step (width 4·units); out: the activated gates i, f, g, o
     * @param r recurrent kernel {@code (units, 4·units)}, row-major
     * @param cs out: cell state after each step (width units)
     * @param tc out: activation of that cell state
     * @param hs out: hidden state after each step
     */
    void forward(double[] a, double[] r, double[] cs, double[] tc, double[] hs, int b0, int b1) {
        run(a, r, cs, tc, hs, b0, b1, true);
    }

    /**
     * With the default activations only the cell state is kept besides the hidden state (the gates and
     * {@code tc} are for backward), and not even that in float ({@link LstmFloatBlock} keeps its states itself) when the
     * caller does not read it; other activations run {@link #forward}.
     */
    @Override
    public int inferenceArrays() {
        return phased() ? (takesFloats() && !cellStates ? 0 : 1) : 2;
    }

    @Override
    public void infer(double[] a, double[] r, double[] rb, double[] hs, double[] cs, double[] tc, int b0, int b1) {
        run(a, r, cs, tc, hs, b0, b1, !phased());
    }

    /** Whether the gates run in phases ({@link LstmGates}): Keras' default tanh and sigmoid. */
    private boolean phased() {
        return act == Activation.TANH && rec == Activation.SIGMOID;
    }

    /** Rows {@code [b0, b1)}; {@code keep}: write the gates into {@code a} and the activated cell states into {@code tc}. */
    private void run(double[] a, double[] r, double[] cs, double[] tc, double[] hs, int b0, int b1, boolean keep) {
        int u = units;
        double[][] rows = RecurrentCell.rows(r, u, 4 * u);
        if (takesFloats()) {
            float[] af = new float[a.length];
            for (int j = b0 * layout.steps() * 4 * u; j < b1 * layout.steps() * 4 * u; j++) {
                af[j] = (float) a[j];
            }
            forwardFloats(af, null, a, r, hs, cs, tc, b0, b1, keep);
            return;
        }
        double[] z = new double[4 * u];
        LstmGates gates = phased() ? new LstmGates(u, numerics) : null;
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            for (int s = 0; s < l.steps(); s++) {
                int row = l.row(b, s);
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                if (!l.real(row)) {
                    carry(cs, hs, tc, row * u, pi);
                    continue;
                }
                System.arraycopy(a, row * 4 * u, z, 0, 4 * u);
                if (pi >= 0) {
                    RecurrentCell.addProduct(z, hs, pi, rows);
                }
                if (gates == null) {
                    cell(a, z, cs, tc, hs, row, pi);
                } else {
                    store(gates, z, keep ? a : null, cs, tc, hs, row, pi);
                }
            }
        }
    }

    /** The gates and states of one row and step from its pre-activations {@code z} (width 4·units). */
    private void cell(double[] a, double[] z, double[] cs, double[] tc, double[] hs, int row, int pi) {
        int u = units;
        int za = row * 4 * u;
        int hi = row * u;
        for (int j = 0; j < u; j++) {
            double i = apply(rec, z[j]);
            double f = apply(rec, z[u + j]);
            double g = apply(act, z[2 * u + j]);
            double o = apply(rec, z[3 * u + j]);
            a[za + j] = i;
            a[za + u + j] = f;
            a[za + 2 * u + j] = g;
            a[za + 3 * u + j] = o;
            double c = i * g + (pi >= 0 ? f * cs[pi + j] : 0.0);
            double tcj = apply(act, c);
            cs[hi + j] = c;
            tc[hi + j] = tcj;
            hs[hi + j] = o * tcj;
        }
    }

    /**
     * The default activations' step ({@link LstmGates}), its values written at the row's places; the gates and
     * {@code tc} only when {@code a} is given (a pass that backward follows).
     */
    private void store(LstmGates g, double[] z, double[] a, double[] cs, double[] tc, double[] hs, int row, int pi) {
        int u = units;
        int hi = row * u;
        g.step(z, cs, pi);
        if (a != null) {
            int za = row * 4 * u;
            System.arraycopy(g.i, 0, a, za, u);
            System.arraycopy(g.f, 0, a, za + u, u);
            System.arraycopy(g.g, 0, a, za + 2 * u, u);
            System.arraycopy(g.o, 0, a, za + 3 * u, u);
            System.arraycopy(g.t, 0, tc, hi, u);
        }
        System.arraycopy(g.c, 0, cs, hi, u);
        System.arraycopy(g.h, 0, hs, hi, u);
    }

    /** At level V3 a float32 layer with the default activations runs its recurrence in float ({@link LstmFloatBlock}). */
    @Override
    public boolean takesFloats() {
        return phased() && single && numerics.atLeast(Numerics.V3);
    }

    @Override
    public void forwardFloats(float[] af, float[] rb, double[] a, double[] r, double[] hs, double[] cs, double[] tc, int b0, int b1, boolean keep) {
        int u = units;
        int most = LstmFloatBlock.MAX_ROWS;
        LstmFloatBlock block = new LstmFloatBlock(u, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(r, u, 4 * u);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(af, a, rf, cs, keep ? tc : null, hs, layout, c0, Math.min(b1, c0 + most), keep);
        }
    }

    /** At level V4 such a layer (see {@link #takesFloats}) also trains in float both ways ({@link LstmFloatBackBlock}). */
    @Override
    public boolean takesFloatGradients() {
        return takesFloats() && numerics.atLeast(Numerics.V4);
    }

    /** The four gates, the cell state and its tanh ({@link LstmFloatBlock#savedAt}). */
    @Override
    public int savedFloats() {
        return LstmFloatBlock.SAVED;
    }

    @Override
    public void forwardSaving(float[] af, float[] rb, double[] r, double[] hs, double[] cs, float[] saved, int batch, int b0, int b1) {
        int most = LstmFloatBlock.MAX_ROWS;
        LstmFloatBlock block = new LstmFloatBlock(units, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(r, units, 4 * units);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(af, null, rf, cs, null, hs, layout, c0, Math.min(b1, c0 + most), false, saved, batch);
        }
    }

    @Override
    public void backwardFloats(float[] saved, int batch, double[] rt, double[] dhInit, double[] dcInit, double[] gradSeq, float[] dz,
                               float[] dzr, int b0, int b1) {
        int most = LstmFloatBlock.MAX_ROWS;
        LstmFloatBackBlock block = new LstmFloatBackBlock(units, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(rt, 4 * units, units);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(saved, batch, rf, dhInit, dcInit, gradSeq, dz, layout, c0, Math.min(b1, c0 + most));
        }
    }

    /** A masked step: the previous states (zeros before the first step) carry through. */
    private void carry(double[] cs, double[] hs, double[] tc, int hi, int pi) {
        for (int j = 0; j < units; j++) {
            cs[hi + j] = pi >= 0 ? cs[pi + j] : 0.0;
            hs[hi + j] = pi >= 0 ? hs[pi + j] : 0.0;
        }
        if (tc != null) {
            java.util.Arrays.fill(tc, hi, hi + units, 0.0);
        }
    }

    @Override
    public void backward(double[] a, double[] hs, double[] cs, double[] tc, double[] rt, double[] dhInit, double[] dcInit,
                         double[] gradSeq, double[] dzx, double[] dzr, int b0, int b1) {
        backward(a, cs, tc, rt, dhInit, dcInit, gradSeq, dzx, b0, b1);
    }

    /**
     * Backpropagation through time of rows {@code [b0, b1)}: the gradients of the gate pre-activations.
     *
     * @param a the activated gates from {@link #forward}
     * @param cs cell states
     * @param tc activated cell states
     * @param rt the recurrent kernel transposed, {@code (4·units, units)}, row-major
     * @param gradLast gradient of the last hidden state {@code (batch, units)}, or null
     * @param gradSeq gradient of every hidden state {@code (batch, steps, units)}, or null
     * @param dz out: gradient of the pre-activations (width 4·units)
     */
    void backward(double[] a, double[] cs, double[] tc, double[] rt, double[] gradLast, double[] gradSeq, double[] dz,
                  int b0, int b1) {
        backward(a, cs, tc, rt, gradLast, null, gradSeq, dz, b0, b1);
    }

    private void backward(double[] a, double[] cs, double[] tc, double[] rt, double[] dhInit, double[] dcInit,
                          double[] gradSeq, double[] dz, int b0, int b1) {
        int u = units;
        double[][] rtRows = RecurrentCell.rows(rt, 4 * u, u);
        double[] dh = new double[u];
        double[] dc = new double[u];
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            RecurrentCell.startRow(dhInit, dh, b, u);
            RecurrentCell.startRow(dcInit, dc, b, u);
            for (int s = l.steps() - 1; s >= 0; s--) {
                int row = l.row(b, s);
                RecurrentCell.addOutputGradient(gradSeq, dh, l, b, s, u);
                if (!l.real(row)) {
                    java.util.Arrays.fill(dz, row * 4 * u, (row + 1) * 4 * u, 0.0);
                    continue;
                }
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                gates(a, cs, tc, dh, dc, dz, row, pi);
                if (s > 0) {
                    RecurrentCell.times(dz, row * 4 * u, rtRows, dh);
                    RecurrentCell.flushTiny(dh);
                    RecurrentCell.flushTiny(dc);
                }
            }
        }
    }

    /** The pre-activation gradients of one row and step; updates {@code dc} to flow to the previous step. */
    private void gates(double[] a, double[] cs, double[] tc, double[] dh, double[] dc, double[] dz, int row, int pi) {
        int u = units;
        int za = row * 4 * u;
        int hi = row * u;
        for (int j = 0; j < u; j++) {
            double i = a[za + j];
            double f = a[za + u + j];
            double g = a[za + 2 * u + j];
            double o = a[za + 3 * u + j];
            double tcj = tc[hi + j];
            double cPrev = pi >= 0 ? cs[pi + j] : 0.0;
            double dcj = dc[j] + dh[j] * o * derivative(act, tcj);
            dz[za + j] = dcj * g * derivative(rec, i);
            dz[za + u + j] = dcj * cPrev * derivative(rec, f);
            dz[za + 2 * u + j] = dcj * i * derivative(act, g);
            dz[za + 3 * u + j] = dh[j] * tcj * derivative(rec, o);
            dc[j] = dcj * f;
        }
    }

    /** The activation of one value. */
    static double apply(Activation a, double z) {
        return switch (a) {
            case SIGMOID -> sigmoid(z);
            case TANH -> tanh(z);
            case RELU -> z > 0 ? z : 0.0;
            case LINEAR -> z;
            case SOFTMAX -> throw new IllegalArgumentException("LSTM: softmax is not an element-wise activation");
            default -> ActivationMath.apply(a, z);
        };
    }

    /** The activation's derivative, expressed through its output {@code y}. */
    static double derivative(Activation a, double y) {
        return switch (a) {
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case RELU -> y > 0 ? 1.0 : 0.0;
            case LINEAR -> 1.0;
            case SOFTMAX -> throw new IllegalArgumentException("LSTM: softmax is not an element-wise activation");
            default -> ActivationMath.derivativeFromOutput(a, y);
        };
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** tanh through the intrinsic {@code Math.exp}; a series near 0 keeps the relative error small. */
    static double tanh(double z) {
        double x = Math.abs(z);
        if (x < 4e-4 || x > 20) {
            return tanhOf(z, 0.0);
        }
        return tanhOf(z, Math.exp(-2 * x));
    }

    /** {@link #tanh} of {@code z} given {@code e = exp(-2·|z|)} (not read when {@code |z|} is below 4e-4 or above 20). */
    static double tanhOf(double z, double e) {
        double x = Math.abs(z);
        if (x < 4e-4) {
            return z - z * z * z / 3.0;
        }
        if (x > 20) {
            return Math.copySign(1.0, z);
        }
        return Math.copySign((1 - e) / (1 + e), z);
    }
}
