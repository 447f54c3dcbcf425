package dev.hyperforge.engine.kernels;

/**
 * The LSTM forward of float32 layers at numerics level {@link Numerics#V3} (Keras' default activations): the rows of a
 * block in lockstep, but the recurrence itself in float, as PyTorch and TensorFlow run a float
 * LSTM. The recurrent product {@code h_{t-1}·U} (the kernel's float weights, exactly), the gates ({@link FloatGates}),
 * the cell update and the hidden state are float arrays, whose vectorised loops take 16 lanes where doubles take 8;
 * the input projection {@code x·W + b} arrives as floats. The states
 * and, for backward, the gates and {@code tanh(c)} leave as doubles (exactly the float values), so backward and
 * the layers' outputs are unchanged code.
 *
 * <pre>{@code
 * LstmFloatBlock blk = new LstmFloatBlock(units, rows);
 * blk.run(af, a, LstmFloatBlock.rows(r, units, 4 * units), cs, tc, hs, layout, b0, b1, keep);
 * }</pre>
 */
final class LstmFloatBlock {
    /** Rows a block holds at most. */
    static final int MAX_ROWS = 64;
    private final int u;
    private final float[] z;
    private final float[] gi;
    private final float[] gf;
    private final float[] gg;
    private final float[] go;
    private final float[] c;
    private final float[] t;
    private final float[] h;
    /** The block's values as doubles, for the row copies into the per-step arrays. */
    private final double[] out;
    private final double[] outH;
    /** The masked rows' carried cell states while a step updates the block, when no per-step cell states are written. */
    private final float[] held;
    private final boolean[] real;

    /** A block of up to {@code rows} batch rows of a layer of {@code units} units. */
    LstmFloatBlock(int units, int rows) {
        u = units;
        int n = units * rows;
        z = new float[4 * units];
        gi = new float[n];
        gf = new float[n];
        gg = new float[n];
        go = new float[n];
        c = new float[n];
        t = new float[n];
        h = new float[n];
        out = new double[n];
        outH = new double[n];
        held = new float[n];
        real = new boolean[rows];
    }

    /** The row-major {@code (rows, width)} matrix {@code m} (float values) as one float array per row. */
    static float[][] rows(double[] m, int rows, int width) {
        float[][] f = new float[rows][width];
        for (int k = 0; k < rows; k++) {
            for (int j = 0; j < width; j++) {
                f[k][j] = (float) m[k * width + j];
            }
        }
        return f;
    }

    /**
     * Rows {@code [b0, b1)} (at most the block's rows) through all steps.
     *
     * @param af {@code x·W + b} per input row (width 4·units)
     * @param a out (when {@code keep}): the activated gates i, f, g, o per input row; else unused (may be null)
     * @param r the recurrent kernel as one float array per row ({@link #rows})
     * @param cs out: the cell state after each step, or null (not wanted)
     * @param tc out (when {@code keep}): tanh of each cell state; zeros at masked steps
     * @param keep whether backward follows (write the gates and {@code tc})
     */
    void run(float[] af, double[] a, float[][] r, double[] cs, double[] tc, double[] hs, StepLayout l, int b0, int b1, boolean keep) {
        run(af, a, r, cs, tc, hs, l, b0, b1, keep, null, 0);
    }

    /**
     * {@link #run}, and when {@code saved} is given, each step's gates i, f, g, o, cell state and its tanh kept there
     * as floats for {@link LstmFloatBackBlock} ({@link #savedAt} gives their places; a masked row's values there are
     * unspecified, its cell state the carried one).
     *
     * @param batch the layer call's batch rows (the stride of {@code saved})
     */
    void run(float[] af, double[] a, float[][] r, double[] cs, double[] tc, double[] hs, StepLayout l, int b0, int b1, boolean keep,
             float[] saved, int batch) {
        int rows = b1 - b0;
        int n = rows * u;
        for (int s = 0; s < l.steps(); s++) {
            boolean masked = gather(af, r, l, b0, rows, s);
            FloatGates.sigmoid(gi, n);
            FloatGates.sigmoid(gf, n);
            FloatGates.sigmoid(go, n);
            FloatGates.tanh(gg, gg, n);
            if (masked) {
                hold(cs, hs, l, b0, rows, s);
            }
            for (int j = 0; j < n; j++) {
                c[j] = gi[j] * gg[j] + (s > 0 ? gf[j] * c[j] : 0f);
            }
            FloatGates.tanh(c, t, n);
            for (int j = 0; j < n; j++) {
                h[j] = go[j] * t[j];
            }
            if (masked) {
                carry(cs, hs, l, b0, rows, s);
            }
            if (saved != null) {
                save(saved, batch, b0, n, s);
            }
            scatter(a, cs, tc, hs, l, b0, rows, s, keep);
        }
    }

    /**
     * Where the saved values of pass step {@code s}, block {@code k} (0 to 3: the gates i, f, g, o; 4: the cell state;
     * 5: its tanh) of batch row {@code b} begin in a layer call's saved floats: step-major, then block, then batch row,
     * so every row range of a step and block is one contiguous range, however the rows were split into blocks.
     */
    static int savedAt(int s, int k, int b, int batch, int units) {
        return ((s * SAVED + k) * batch + b) * units;
    }

    /** The saved floats per batch row, step and unit: four gates, the cell state and its tanh. */
    static final int SAVED = 6;

    private void save(float[] saved, int batch, int b0, int n, int s) {
        float[][] blocks = {gi, gf, gg, go, c, t};
        for (int k = 0; k < SAVED; k++) {
            System.arraycopy(blocks[k], 0, saved, savedAt(s, k, b0, batch, u), n);
        }
    }

    /** Every real row's pre-activations at pass step {@code s}, split into the four gate blocks; whether a row is masked. */
    private boolean gather(float[] af, float[][] r, StepLayout l, int b0, int rows, int s) {
        boolean masked = false;
        int w = 4 * u;
        for (int q = 0; q < rows; q++) {
            int row = l.row(b0 + q, s);
            real[q] = l.real(row);
            if (!real[q]) {
                masked = true;
                continue;
            }
            System.arraycopy(af, row * w, z, 0, w);
            if (s > 0) {
                addProduct(z, h, q * u, r);
            }
            System.arraycopy(z, 0, gi, q * u, u);
            System.arraycopy(z, u, gf, q * u, u);
            System.arraycopy(z, 2 * u, gg, q * u, u);
            System.arraycopy(z, 3 * u, go, q * u, u);
        }
        return masked;
    }

    /** {@code z += h[hi .. hi+k) · r} in float, four rows of {@code r} per sweep (as {@link RecurrentCell#addProduct}). */
    static void addProduct(float[] z, float[] h, int hi, float[][] r) {
        int k = 0;
        int n = r.length;
        for (; k + 4 <= n; k += 4) {
            addFour(z, h[hi + k], h[hi + k + 1], h[hi + k + 2], h[hi + k + 3], r[k], r[k + 1], r[k + 2], r[k + 3]);
        }
        for (; k < n; k++) {
            float hk = h[hi + k];
            float[] w = r[k];
            for (int j = 0; j < z.length; j++) {
                z[j] += hk * w[j];
            }
        }
    }

    private static void addFour(float[] z, float h0, float h1, float h2, float h3, float[] w0, float[] w1, float[] w2, float[] w3) {
        for (int j = 0; j < z.length; j++) {
            z[j] = z[j] + h0 * w0[j] + h1 * w1[j] + h2 * w2[j] + h3 * w3[j];
        }
    }

    /**
     * Before the update: the masked rows' states (zeros at the first step) to their rows of {@code cs}, {@code hs} (the
     * cell states to {@link #held} when {@code cs} is null).
     */
    private void hold(double[] cs, double[] hs, StepLayout l, int b0, int rows, int s) {
        for (int q = 0; q < rows; q++) {
            if (real[q]) {
                continue;
            }
            int hi = l.row(b0 + q, s) * u;
            for (int j = 0; j < u; j++) {
                if (cs != null) {
                    cs[hi + j] = s > 0 ? c[q * u + j] : 0.0;
                } else {
                    held[q * u + j] = s > 0 ? c[q * u + j] : 0f;
                }
                hs[hi + j] = s > 0 ? h[q * u + j] : 0.0;
            }
        }
    }

    /** After the update: the masked rows take back their carried states. */
    private void carry(double[] cs, double[] hs, StepLayout l, int b0, int rows, int s) {
        for (int q = 0; q < rows; q++) {
            if (!real[q]) {
                int hi = l.row(b0 + q, s) * u;
                for (int j = 0; j < u; j++) {
                    c[q * u + j] = cs != null ? (float) cs[hi + j] : held[q * u + j];
                    h[q * u + j] = (float) hs[hi + j];
                }
            }
        }
    }

    /** The real rows' states (and, when {@code keep}, gates and {@code tc}) to their rows; masked rows' {@code tc} zeros. */
    private void scatter(double[] a, double[] cs, double[] tc, double[] hs, StepLayout l, int b0, int rows, int s, boolean keep) {
        int n = rows * u;
        if (cs != null) {
            toDoubles(c, out, n);
            copyRows(out, cs, l, b0, rows, s, 1, 0);
        }
        toDoubles(h, outH, n);
        copyRows(outH, hs, l, b0, rows, s, 1, 0);
        if (!keep) {
            return;
        }
        toDoubles(t, out, n);
        copyRows(out, tc, l, b0, rows, s, 1, 0);
        float[][] gates = {gi, gf, gg, go};
        for (int q = 0; q < 4; q++) {
            toDoubles(gates[q], out, n);
            copyRows(out, a, l, b0, rows, s, 4, q);
        }
        for (int q = 0; q < rows; q++) {
            if (!real[q] && tc != null) {
                int hi = l.row(b0 + q, s) * u;
                java.util.Arrays.fill(tc, hi, hi + u, 0.0);
            }
        }
    }

    private static void toDoubles(float[] f, double[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = f[j];
        }
    }

    /** Each real row's {@code units} values of {@code from} to its row of {@code to} (width {@code blocks}·units, block {@code which}). */
    private void copyRows(double[] from, double[] to, StepLayout l, int b0, int rows, int s, int blocks, int which) {
        for (int q = 0; q < rows; q++) {
            if (real[q]) {
                System.arraycopy(from, q * u, to, (l.row(b0 + q, s) * blocks + which) * u, u);
            }
        }
    }
}
