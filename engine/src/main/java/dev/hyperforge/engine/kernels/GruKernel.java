package dev.hyperforge.engine.kernels;

import dev.hyperforge.engine.layers.Activation;

/**
 * The GRU recurrence of Keras' default {@code reset_after=True} (cuDNN's and PyTorch's form) on Java arrays,
 * gate columns z (update), r (reset), h (candidate). Per step, with {@code x_* = x·W_* + b_in,*} precomputed
 * and {@code q = h_prev·U + b_rec}: {@code z = σ(x_z + q_z); r = σ(x_r + q_r); n = tanh(x_h + r⊙q_h);
 * h = z⊙h_prev + (1 - z)⊙n}. Forward keeps the activated z, r, n in {@code a} and {@code q_h} in {@code s1};
 * backward gives the input-side gradients {@code [dz, dr, dn]} and the recurrent-side ones
 * {@code [dz, dr, dn⊙r]}. Masked steps carry the state and get zero gradients.
 */
final class GruKernel implements RecurrentCell {
    private final StepLayout layout;
    private final int units;
    private final Activation act;
    private final Activation rec;
    /** The numerics level in force when the kernel was made (once per layer call): V2's gates use {@link FastExp}. */
    private final Numerics numerics = Numerics.current();
    /** Whether the layer's weights are float32 (V5 then runs its default gates and recurrence in float, both ways). */
    private final boolean single;

    GruKernel(StepLayout layout, int units, Activation act, Activation rec) {
        this(layout, units, act, rec, false);
    }

    /**
     * A kernel for a layer whose weights are float32 when {@code single}: from level {@link Numerics#V5} its forward
     * and backward passes with the default activations then run in float ({@link GruFloatBlock},
     * {@link GruFloatBackBlock}).
     */
    GruKernel(StepLayout layout, int units, Activation act, Activation rec, boolean single) {
        this.layout = layout;
        this.units = units;
        this.act = act;
        this.rec = rec;
        this.single = single;
    }

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public StepLayout layout() {
        return layout;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return true;
    }

    /** Only {@code q_h} is kept per step. */
    @Override
    public int stepArrays() {
        return 1;
    }

    /** {@link #gates} reads a row and step's gates (keeping z for the state gradient) before writing their gradients there. */
    @Override
    public boolean gradientOverGates() {
        return true;
    }

    @Override
    public void forward(double[] a, double[] r, double[] rb, double[] hs, double[] qh, double[] unused, int b0, int b1) {
        run(a, r, rb, hs, qh, b0, b1, true);
    }

    /** With the default activations nothing but the hidden states is kept; other activations run {@link #forward}. */
    @Override
    public int inferenceArrays() {
        return phased() ? 0 : 1;
    }

    @Override
    public void infer(double[] a, double[] r, double[] rb, double[] hs, double[] qh, double[] unused, int b0, int b1) {
        run(a, r, rb, hs, qh, b0, b1, !phased());
    }

    /** Whether the gates run in phases ({@link GruGates}): Keras' default tanh and sigmoid. */
    private boolean phased() {
        return act == Activation.TANH && rec == Activation.SIGMOID;
    }

    /** Rows {@code [b0, b1)}; {@code keep}: write the gates into {@code a} and {@code q_h} into {@code qh} for backward. */
    private void run(double[] a, double[] r, double[] rb, double[] hs, double[] qh, int b0, int b1, boolean keep) {
        int u = units;
        if (takesFloats()) {
            float[] af = new float[a.length];
            for (int j = b0 * layout.steps() * 3 * u; j < b1 * layout.steps() * 3 * u; j++) {
                af[j] = (float) a[j];
            }
            float[] rf = null;
            if (rb != null) {
                rf = new float[rb.length];
                for (int j = 0; j < rb.length; j++) {
                    rf[j] = (float) rb[j];
                }
            }
            forwardFloats(af, rf, a, r, hs, qh, null, b0, b1, keep);
            return;
        }
        double[][] rows = RecurrentCell.rows(r, u, 3 * u);
        double[] q = new double[3 * u];
        GruGates gates = phased() ? new GruGates(u, numerics) : null;
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            for (int s = 0; s < l.steps(); s++) {
                int row = l.row(b, s);
                int hi = row * u;
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                if (!l.real(row)) {
                    for (int j = 0; j < u; j++) {
                        hs[hi + j] = pi >= 0 ? hs[pi + j] : 0.0;
                    }
                    continue;
                }
                recurrentTerm(q, rb, hs, pi, rows);
                if (gates == null) {
                    step(a, q, qh, hs, row * 3 * u, hi, pi);
                } else {
                    store(gates, a, q, keep ? qh : null, hs, row, pi);
                }
            }
        }
    }

    /** At level V5 a float32 layer with the default activations runs its forward recurrence in float ({@link GruFloatBlock}). */
    @Override
    public boolean takesFloats() {
        return phased() && single && numerics.atLeast(Numerics.V5);
    }

    @Override
    public void forwardFloats(float[] af, float[] rb, double[] a, double[] r, double[] hs, double[] qh, double[] unused, int b0, int b1,
                              boolean keep) {
        int most = GruFloatBlock.MAX_ROWS;
        GruFloatBlock block = new GruFloatBlock(units, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(r, units, 3 * units);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(af, rb, a, rf, qh, hs, layout, c0, Math.min(b1, c0 + most), keep);
        }
    }

    /** At level V5 such a layer (see {@link #takesFloats}) also trains in float both ways ({@link GruFloatBackBlock}). */
    @Override
    public boolean takesFloatGradients() {
        return takesFloats();
    }

    /** The gates z, r, n, {@code q_h} and the hidden state ({@link GruFloatBlock#savedAt}). */
    @Override
    public int savedFloats() {
        return GruFloatBlock.SAVED;
    }

    @Override
    public void forwardSaving(float[] af, float[] rb, double[] r, double[] hs, double[] unused, float[] saved, int batch, int b0, int b1) {
        int most = GruFloatBlock.MAX_ROWS;
        GruFloatBlock block = new GruFloatBlock(units, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(r, units, 3 * units);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(af, rb, null, rf, null, hs, layout, c0, Math.min(b1, c0 + most), false, saved, batch);
        }
    }

    @Override
    public void backwardFloats(float[] saved, int batch, double[] rt, double[] dhInit, double[] dcInit, double[] gradSeq, float[] dz,
                               float[] dzr, int b0, int b1) {
        int most = GruFloatBlock.MAX_ROWS;
        GruFloatBackBlock block = new GruFloatBackBlock(units, Math.min(most, b1 - b0));
        float[][] rf = LstmFloatBlock.rows(rt, 3 * units, units);
        for (int c0 = b0; c0 < b1; c0 += most) {
            block.run(saved, batch, rf, dhInit, gradSeq, dz, dzr, layout, c0, Math.min(b1, c0 + most));
        }
    }

    /** {@code q = b_rec + h_prev·U} (the bias alone, or zeros, at the first step). */
    private static void recurrentTerm(double[] q, double[] rb, double[] hs, int pi, double[][] rows) {
        if (rb == null) {
            java.util.Arrays.fill(q, 0.0);
        } else {
            System.arraycopy(rb, 0, q, 0, q.length);
        }
        if (pi >= 0) {
            RecurrentCell.addProduct(q, hs, pi, rows);
        }
    }

    /**
     * The default activations' step ({@link GruGates}), its values written at the row's places; the gates and
     * {@code q_h} only when {@code qh} is given (a pass that backward follows).
     */
    private void store(GruGates g, double[] a, double[] q, double[] qh, double[] hs, int row, int pi) {
        int u = units;
        int za = row * 3 * u;
        g.step(a, za, q, hs, pi);
        if (qh != null) {
            System.arraycopy(g.z, 0, a, za, u);
            System.arraycopy(g.r, 0, a, za + u, u);
            System.arraycopy(g.n, 0, a, za + 2 * u, u);
            System.arraycopy(g.qh, 0, qh, row * u, u);
        }
        System.arraycopy(g.h, 0, hs, row * u, u);
    }

    private void step(double[] a, double[] q, double[] qh, double[] hs, int za, int hi, int pi) {
        int u = units;
        for (int j = 0; j < u; j++) {
            double z = LstmKernel.apply(rec, a[za + j] + q[j]);
            double rr = LstmKernel.apply(rec, a[za + u + j] + q[u + j]);
            double n = LstmKernel.apply(act, a[za + 2 * u + j] + rr * q[2 * u + j]);
            double hPrev = pi >= 0 ? hs[pi + j] : 0.0;
            a[za + j] = z;
            a[za + u + j] = rr;
            a[za + 2 * u + j] = n;
            qh[hi + j] = q[2 * u + j];
            hs[hi + j] = z * hPrev + (1 - z) * n;
        }
    }

    @Override
    public void backward(double[] a, double[] hs, double[] qh, double[] unused, double[] rt, double[] dhInit, double[] dcInit,
                         double[] gradSeq, double[] dzx, double[] dzr, int b0, int b1) {
        int u = units;
        int g3 = 3 * u;
        double[] dh = new double[u];
        double[] back = new double[u];
        double[] zs = new double[u];
        double[][] rtRows = RecurrentCell.rows(rt, g3, u);
        StepLayout l = layout;
        for (int b = b0; b < b1; b++) {
            RecurrentCell.startRow(dhInit, dh, b, u);
            for (int s = l.steps() - 1; s >= 0; s--) {
                int row = l.row(b, s);
                RecurrentCell.addOutputGradient(gradSeq, dh, l, b, s, u);
                if (!l.real(row)) {
                    java.util.Arrays.fill(dzx, row * g3, (row + 1) * g3, 0.0);
                    java.util.Arrays.fill(dzr, row * g3, (row + 1) * g3, 0.0);
                    continue;
                }
                int pi = s > 0 ? l.row(b, s - 1) * u : -1;
                gates(a, hs, qh, dh, dzx, dzr, zs, row, pi);
                if (s > 0) {
                    RecurrentCell.times(dzr, row * g3, rtRows, back);
                    for (int j = 0; j < u; j++) {
                        dh[j] = dh[j] * zs[j] + back[j];
                    }
                    RecurrentCell.flushTiny(dh);
                }
            }
        }
    }

    /**
     * The pre-activation gradients of one row and step from the hidden-state gradient {@code dh}; the update
     * gate's values go to {@code zs} ({@code dzx} may be {@code a} itself).
     */
    private void gates(double[] a, double[] hs, double[] qh, double[] dh, double[] dzx, double[] dzr, double[] zs, int row, int pi) {
        int u = units;
        int za = row * 3 * u;
        int hi = row * u;
        for (int j = 0; j < u; j++) {
            double z = a[za + j];
            double rr = a[za + u + j];
            double n = a[za + 2 * u + j];
            zs[j] = z;
            double hPrev = pi >= 0 ? hs[pi + j] : 0.0;
            double dz = dh[j] * (hPrev - n) * LstmKernel.derivative(rec, z);
            double dn = dh[j] * (1 - z) * LstmKernel.derivative(act, n);
            double dr = dn * qh[hi + j] * LstmKernel.derivative(rec, rr);
            dzx[za + j] = dz;
            dzx[za + u + j] = dr;
            dzx[za + 2 * u + j] = dn;
            dzr[za + j] = dz;
            dzr[za + u + j] = dr;
            dzr[za + 2 * u + j] = dn * rr;
        }
    }
}
