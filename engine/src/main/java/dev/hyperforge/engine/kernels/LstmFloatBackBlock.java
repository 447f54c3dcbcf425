package dev.hyperforge.engine.kernels;

/**
 * The LSTM's backpropagation through time for float32 layers at numerics level {@link Numerics#V4} (Keras' default
 * activations), the counterpart of {@link LstmFloatBlock}: the rows of a block in lockstep, step by step backwards, in
 * float. Per step the gates, {@code tanh(c)} and the previous cell states that the forward pass kept as floats
 * ({@link LstmFloatBlock#savedAt}) are read for the block's rows at once (rows·units values each); the gate
 * derivatives and the cell-state gradient are then long vectorised float loops over the whole block, each storing to
 * one array; the pre-activation gradients go straight to the float array {@code dz} the weight-gradient GEMMs read;
 * and {@code dz·Uᵀ}, computed for the whole block transposed ({@link #recurrent}), gives the hidden-state gradients of
 * the step before.
 *
 * <p>A masked step gets zero pre-activation gradients and carries both state gradients unchanged: its gates are set
 * to {@code i = g = o = 0}, {@code f = 1} (which leaves {@code dc} as it is, exactly) and its product is skipped.
 *
 * <pre>{@code
 * LstmFloatBackBlock blk = new LstmFloatBackBlock(units, rows);
 * blk.run(saved, batch, LstmFloatBlock.rows(rt, 4 * units, units), dhInit, dcInit, gradSeq, dz, layout, b0, b1);
 * }</pre>
 */
final class LstmFloatBackBlock {
    /** Below this magnitude a state gradient becomes 0, as {@link RecurrentCell#flushTiny} does (no subnormal floats). */
    private static final float TINY = (float) RecurrentCell.TINY;
    private final int u;
    private final float[] gi;
    private final float[] gf;
    private final float[] gg;
    private final float[] go;
    private final float[] t;
    private final float[] cp;
    private final float[] dh;
    private final float[] dc;
    private final float[] di;
    private final float[] df;
    private final float[] dg;
    private final float[] dO;
    /** The block's gate gradients transposed, one array per gate column (4·units) over the rows, for {@link #recurrent}. */
    private final float[][] dzT;
    /** {@code dz·Uᵀ} transposed, one array per unit over the rows. */
    private final float[][] dhT;
    private final boolean[] real;

    /** A block of up to {@code rows} batch rows of a layer of {@code units} units. */
    LstmFloatBackBlock(int units, int rows) {
        u = units;
        int n = units * rows;
        gi = new float[n];
        gf = new float[n];
        gg = new float[n];
        go = new float[n];
        t = new float[n];
        cp = new float[n];
        dh = new float[n];
        dc = new float[n];
        di = new float[n];
        df = new float[n];
        dg = new float[n];
        dO = new float[n];
        dzT = new float[4 * units][rows];
        dhT = new float[units][rows];
        real = new boolean[rows];
    }

    /**
     * Rows {@code [b0, b1)} (at most the block's rows) through all steps, last to first.
     *
     * @param saved what the forward pass kept ({@link LstmFloatBlock#savedAt}): each step's gates, cell state and its tanh
     * @param batch the layer call's batch rows (the stride of {@code saved})
     * @param rt the recurrent kernel transposed, {@code (4·units, units)}, as one float array per row
     * @param dhInit gradient of the final hidden state {@code (batch, units)}, or null
     * @param dcInit gradient of the final cell state, or null
     * @param gradSeq gradient of each step's output in pass order {@code (batch, steps, units)}, or null
     * @param dz out: the pre-activation gradients per input row (width 4·units)
     */
    void run(float[] saved, int batch, float[][] rt, double[] dhInit, double[] dcInit, double[] gradSeq, float[] dz,
             StepLayout l, int b0, int b1) {
        int rows = b1 - b0;
        int n = rows * u;
        StepLayout.startRows(dhInit, dh, b0, rows, u);
        StepLayout.startRows(dcInit, dc, b0, rows, u);
        for (int s = l.steps() - 1; s >= 0; s--) {
            l.addOutputGradient(gradSeq, b0, rows, s, dh, u);
            gather(saved, batch, l, b0, rows, s);
            gates(n);
            scatter(dz, l, b0, rows, s);
            if (s > 0) {
                recurrent(dz, rt, l, b0, rows, s);
            }
        }
    }

    /** The block's gates, {@code tanh(c)} and previous cell states at pass step {@code s} from the saved floats; neutral gates where masked. */
    private void gather(float[] saved, int batch, StepLayout l, int b0, int rows, int s) {
        int n = rows * u;
        System.arraycopy(saved, LstmFloatBlock.savedAt(s, 0, b0, batch, u), gi, 0, n);
        System.arraycopy(saved, LstmFloatBlock.savedAt(s, 1, b0, batch, u), gf, 0, n);
        System.arraycopy(saved, LstmFloatBlock.savedAt(s, 2, b0, batch, u), gg, 0, n);
        System.arraycopy(saved, LstmFloatBlock.savedAt(s, 3, b0, batch, u), go, 0, n);
        System.arraycopy(saved, LstmFloatBlock.savedAt(s, 5, b0, batch, u), t, 0, n);
        if (s > 0) {
            System.arraycopy(saved, LstmFloatBlock.savedAt(s - 1, 4, b0, batch, u), cp, 0, n);
        } else {
            java.util.Arrays.fill(cp, 0, n, 0f);
        }
        for (int q = 0; q < rows; q++) {
            real[q] = l.real(l.row(b0 + q, s));
            if (!real[q]) {
                neutral(q * u);
            }
        }
    }

    /** A masked row's gates: {@code dc} passes through unchanged and every gate gradient is 0. */
    private void neutral(int at) {
        java.util.Arrays.fill(gi, at, at + u, 0f);
        java.util.Arrays.fill(gf, at, at + u, 1f);
        java.util.Arrays.fill(gg, at, at + u, 0f);
        java.util.Arrays.fill(go, at, at + u, 0f);
        java.util.Arrays.fill(t, at, at + u, 0f);
        java.util.Arrays.fill(cp, at, at + u, 0f);
    }

    /**
     * The gate derivatives over the whole block, as {@link LstmKernel}'s backward computes them per value (the same
     * expressions, in float), then {@code dc} for the step before; one stored array per loop, so each vectorises.
     */
    private void gates(int n) {
        for (int j = 0; j < n; j++) {
            dc[j] = dc[j] + dh[j] * go[j] * (1f - t[j] * t[j]);
        }
        for (int j = 0; j < n; j++) {
            di[j] = dc[j] * gg[j] * (gi[j] * (1f - gi[j]));
        }
        for (int j = 0; j < n; j++) {
            df[j] = dc[j] * cp[j] * (gf[j] * (1f - gf[j]));
        }
        for (int j = 0; j < n; j++) {
            dg[j] = dc[j] * gi[j] * (1f - gg[j] * gg[j]);
        }
        for (int j = 0; j < n; j++) {
            dO[j] = dh[j] * t[j] * (go[j] * (1f - go[j]));
        }
        for (int j = 0; j < n; j++) {
            float d = dc[j] * gf[j];
            dc[j] = Math.abs(d) < TINY ? 0f : d;
        }
    }

    /** Each row's four gate gradients to its row of {@code dz}; zeros for a masked row. */
    private void scatter(float[] dz, StepLayout l, int b0, int rows, int s) {
        for (int q = 0; q < rows; q++) {
            int za = l.row(b0 + q, s) * 4 * u;
            if (!real[q]) {
                java.util.Arrays.fill(dz, za, za + 4 * u, 0f);
                continue;
            }
            int at = q * u;
            System.arraycopy(di, at, dz, za, u);
            System.arraycopy(df, at, dz, za + u, u);
            System.arraycopy(dg, at, dz, za + 2 * u, u);
            System.arraycopy(dO, at, dz, za + 3 * u, u);
        }
    }

    /**
     * Each real row's {@code dh = dz·Uᵀ} for the step before (tiny values flushed); a masked row keeps its {@code dh}.
     * The product runs transposed, {@code dhᵀ = U·dzᵀ}: per unit {@code j}, the rows' values summed over the gate
     * columns {@code k} four at a time, {@code dhT[j] += U[j][k]·dzT[k] + …}, loops over the block's rows (up to 64
     * floats) where the rows' own products would loop over only {@code units} (16 or 32).
     */
    private void recurrent(float[] dz, float[][] rt, StepLayout l, int b0, int rows, int s) {
        int g = 4 * u;
        transpose(di, u, rows, dzT, 0);
        transpose(df, u, rows, dzT, u);
        transpose(dg, u, rows, dzT, 2 * u);
        transpose(dO, u, rows, dzT, 3 * u);
        for (int j = 0; j < u; j++) {
            float[] out = dhT[j];
            java.util.Arrays.fill(out, 0, rows, 0f);
            int k = 0;
            for (; k + 4 <= g; k += 4) {
                addFour(out, rows, rt[k][j], rt[k + 1][j], rt[k + 2][j], rt[k + 3][j], dzT[k], dzT[k + 1], dzT[k + 2], dzT[k + 3]);
            }
            for (; k < g; k++) {
                float w = rt[k][j];
                float[] d = dzT[k];
                for (int q = 0; q < rows; q++) {
                    out[q] += w * d[q];
                }
            }
        }
        for (int q = 0; q < rows; q++) {
            if (!real[q]) {
                continue;
            }
            int at = q * u;
            for (int j = 0; j < u; j++) {
                float d = dhT[j][q];
                dh[at + j] = Math.abs(d) < TINY ? 0f : d;
            }
        }
    }

    /**
     * The rows' values to the transposed arrays: {@code to[first + j][q] = from[q·units + j]} for every row {@code q}
     * below {@code rows} and unit {@code j}, four rows per pass over the units, so that each target array takes four
     * neighbouring stores at once instead of one store per row to each of the 4·units target arrays (the block's
     * transposed arrays, 32 KB at 32 units and 64 rows, do not stay in a first-level cache between the passes of
     * single rows). Data movement only: the same bits.
     */
    static void transpose(float[] from, int units, int rows, float[][] to, int first) {
        int q = 0;
        for (; q + 4 <= rows; q += 4) {
            int at = q * units;
            for (int j = 0; j < units; j++) {
                float[] out = to[first + j];
                out[q] = from[at + j];
                out[q + 1] = from[at + units + j];
                out[q + 2] = from[at + 2 * units + j];
                out[q + 3] = from[at + 3 * units + j];
            }
        }
        for (; q < rows; q++) {
            for (int j = 0; j < units; j++) {
                to[first + j][q] = from[q * units + j];
            }
        }
    }

    private static void addFour(float[] z, int n, float h0, float h1, float h2, float h3, float[] w0, float[] w1, float[] w2, float[] w3) {
        for (int q = 0; q < n; q++) {
            z[q] = z[q] + h0 * w0[q] + h1 * w1[q] + h2 * w2[q] + h3 * w3[q];
        }
    }
}
