package dev.hyperforge.engine.kernels;

/**
 * The GRU forward ({@code reset_after=True}, Keras' default activations) of float32 layers at numerics level
 * {@link Numerics#V5}: the rows of a block in lockstep with the recurrence in float, as {@link LstmFloatBlock} runs the
 * LSTM from V3 (and as PyTorch and TensorFlow run a float GRU). Per step, {@code q = b_rec + h_{t-1}·U} (the kernel's
 * float weights exactly, four rows of {@code U} per sweep), the gates {@code z = σ(x_z + q_z)}, {@code r = σ(x_r + q_r)},
 * {@code n = tanh(x_h + r⊙q_h)} ({@link FloatGates}) and {@code h = z⊙h_{t-1} + (1 - z)⊙n} are float loops over the
 * whole block (16 lanes where V4's doubles take 8, and no exponentials). The input projection {@code x·W + b_in}
 * arrives as floats. The hidden states and, for backward, the gates and {@code q_h} leave as doubles (exactly the
 * float values), so the double backward and the layers' outputs are unchanged code.
 *
 * <pre>{@code
 * GruFloatBlock blk = new GruFloatBlock(units, rows);
 * blk.run(af, rb, a, LstmFloatBlock.rows(r, units, 3 * units), qh, hs, layout, b0, b1, keep);
 * }</pre>
 */
final class GruFloatBlock {
    /** Rows a block holds at most. */
    static final int MAX_ROWS = 64;
    private final int u;
    /** One row's {@code b_rec + h_{t-1}·U} (width 3·units). */
    private final float[] q;
    private final float[] gz;
    private final float[] gr;
    private final float[] gn;
    private final float[] qh;
    private final float[] h;
    /** The block's values as doubles, for the row copies into the per-step arrays. */
    private final double[] out;
    private final boolean[] real;

    /** A block of up to {@code rows} batch rows of a layer of {@code units} units. */
    GruFloatBlock(int units, int rows) {
        u = units;
        int n = units * rows;
        q = new float[3 * units];
        gz = new float[n];
        gr = new float[n];
        gn = new float[n];
        qh = new float[n];
        h = new float[n];
        out = new double[n];
        real = new boolean[rows];
    }

    /**
     * Rows {@code [b0, b1)} (at most the block's rows) through all steps.
     *
     * @param af {@code x·W + b_in} per input row (width 3·units: z, r, h)
     * @param rb the recurrent bias (width 3·units), or null
     * @param a out (when {@code keep}): the activated z, r and candidate n per input row; else unused (may be null)
     * @param r the recurrent kernel as one float array per row ({@link LstmFloatBlock#rows})
     * @param qhOut out (when {@code keep}): {@code q_h = b_rec,h + h_{t-1}·U_h} per input row; else unused
     * @param hs out: the hidden state after each step (carried at masked steps)
     * @param keep whether backward follows (write the gates and {@code q_h})
     */
    void run(float[] af, float[] rb, double[] a, float[][] r, double[] qhOut, double[] hs, StepLayout l, int b0, int b1, boolean keep) {
        run(af, rb, a, r, qhOut, hs, l, b0, b1, keep, null, 0);
    }

    /**
     * {@link #run}, and when {@code saved} is given, each step's gates z, r, n, {@code q_h} and hidden state kept there as
     * floats for {@link GruFloatBackBlock} ({@link #savedAt} gives their places; a masked row's gates there are
     * unspecified, its hidden state the carried one).
     *
     * @param batch the layer call's batch rows (the stride of {@code saved})
     */
    void run(float[] af, float[] rb, double[] a, float[][] r, double[] qhOut, double[] hs, StepLayout l, int b0, int b1, boolean keep,
             float[] saved, int batch) {
        int rows = b1 - b0;
        int n = rows * u;
        java.util.Arrays.fill(h, 0, n, 0f);
        for (int s = 0; s < l.steps(); s++) {
            boolean masked = gather(af, rb, r, l, b0, rows, s);
            FloatGates.sigmoid(gz, n);
            FloatGates.sigmoid(gr, n);
            for (int j = 0; j < n; j++) {
                gn[j] = gn[j] + gr[j] * qh[j];
            }
            FloatGates.tanh(gn, gn, n);
            if (masked) {
                hold(hs, l, b0, rows, s);
            }
            for (int j = 0; j < n; j++) {
                h[j] = gz[j] * h[j] + (1f - gz[j]) * gn[j];
            }
            if (masked) {
                carry(hs, l, b0, rows, s);
            }
            if (saved != null) {
                save(saved, batch, b0, n, s);
            }
            scatter(a, qhOut, hs, l, b0, rows, s, keep);
        }
    }

    /** The saved floats per batch row, step and unit: the gates z, r, n, {@code q_h} and the hidden state. */
    static final int SAVED = 5;

    /**
     * Where the saved values of pass step {@code s}, block {@code k} (0 to 2: the gates z, r, n; 3: {@code q_h}; 4: the
     * hidden state) of batch row {@code b} begin: step-major, then block, then batch row (as {@link LstmFloatBlock#savedAt}).
     */
    static int savedAt(int s, int k, int b, int batch, int units) {
        return ((s * SAVED + k) * batch + b) * units;
    }

    private void save(float[] saved, int batch, int b0, int n, int s) {
        float[][] blocks = {gz, gr, gn, qh, h};
        for (int k = 0; k < SAVED; k++) {
            System.arraycopy(blocks[k], 0, saved, savedAt(s, k, b0, batch, u), n);
        }
    }

    /** Every real row's gate arguments at pass step {@code s} into the block's arrays; whether a row is masked. */
    private boolean gather(float[] af, float[] rb, float[][] r, StepLayout l, int b0, int rows, int s) {
        boolean masked = false;
        for (int k = 0; k < rows; k++) {
            int row = l.row(b0 + k, s);
            real[k] = l.real(row);
            if (!real[k]) {
                masked = true;
                continue;
            }
            if (rb == null) {
                java.util.Arrays.fill(q, 0f);
            } else {
                System.arraycopy(rb, 0, q, 0, 3 * u);
            }
            if (s > 0) {
                LstmFloatBlock.addProduct(q, h, k * u, r);
            }
            int x = row * 3 * u;
            int o = k * u;
            System.arraycopy(af, x, gz, o, u);
            System.arraycopy(af, x + u, gr, o, u);
            System.arraycopy(af, x + 2 * u, gn, o, u);
            System.arraycopy(q, 2 * u, qh, o, u);
            sum(gz, o, q, 0);
            sum(gr, o, q, u);
        }
        return masked;
    }

    /** {@code v[o .. o+u) += q[p .. p+u)}. */
    private void sum(float[] v, int o, float[] w, int p) {
        for (int j = 0; j < u; j++) {
            v[o + j] = v[o + j] + w[p + j];
        }
    }

    /** Before the update: the masked rows' states (zeros at the first step) to their rows of {@code hs}. */
    private void hold(double[] hs, StepLayout l, int b0, int rows, int s) {
        for (int k = 0; k < rows; k++) {
            if (!real[k]) {
                int hi = l.row(b0 + k, s) * u;
                for (int j = 0; j < u; j++) {
                    hs[hi + j] = s > 0 ? h[k * u + j] : 0.0;
                }
            }
        }
    }

    /** After the update: the masked rows take back their carried states. */
    private void carry(double[] hs, StepLayout l, int b0, int rows, int s) {
        for (int k = 0; k < rows; k++) {
            if (!real[k]) {
                int hi = l.row(b0 + k, s) * u;
                for (int j = 0; j < u; j++) {
                    h[k * u + j] = (float) hs[hi + j];
                }
            }
        }
    }

    /** The real rows' states (and, when {@code keep}, gates and {@code q_h}) to their rows. */
    private void scatter(double[] a, double[] qhOut, double[] hs, StepLayout l, int b0, int rows, int s, boolean keep) {
        int n = rows * u;
        toDoubles(h, n);
        copyRows(hs, l, b0, rows, s, 1, 0);
        if (!keep) {
            return;
        }
        toDoubles(qh, n);
        copyRows(qhOut, l, b0, rows, s, 1, 0);
        float[][] gates = {gz, gr, gn};
        for (int k = 0; k < 3; k++) {
            toDoubles(gates[k], n);
            copyRows(a, l, b0, rows, s, 3, k);
        }
    }

    private void toDoubles(float[] f, int n) {
        for (int j = 0; j < n; j++) {
            out[j] = f[j];
        }
    }

    /** Each real row's {@code units} values of {@link #out} to its row of {@code to} (width {@code blocks}·units, block {@code which}). */
    private void copyRows(double[] to, StepLayout l, int b0, int rows, int s, int blocks, int which) {
        for (int k = 0; k < rows; k++) {
            if (real[k]) {
                System.arraycopy(out, k * u, to, (l.row(b0 + k, s) * blocks + which) * u, u);
            }
        }
    }
}
