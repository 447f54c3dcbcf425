package dev.hyperforge.engine.kernels;

/**
 * The GRU's backpropagation through time ({@code reset_after=True}, Keras' default activations) for float32 layers at
 * numerics level {@link Numerics#V5}, the counterpart of {@link GruFloatBlock} as {@link LstmFloatBackBlock} is of the
 * LSTM's: the rows of a block in lockstep, step by step backwards, in float. Per step the gates z, r, n, {@code q_h} and
 * the previous hidden state that the forward pass kept as floats ({@link GruFloatBlock#savedAt}) are read for the
 * block's rows at once; the gate derivatives ({@link GruKernel}'s expressions, in float) are long loops over the block;
 * the input-side gradients {@code [dz, dr, dn]} and the recurrent-side ones {@code [dz, dr, dn⊙r]} go straight to the
 * float arrays the weight-gradient GEMMs read; and {@code dh_prev = dh⊙z + dzr·Uᵀ} takes the product row by row
 * ({@link #recurrent}), four kernel rows per sweep.
 *
 * <p>A masked step gets zero pre-activation gradients and carries its hidden-state gradient unchanged: its gates are set
 * to {@code z = 1}, {@code r = n = 0} (every gate gradient is then 0) and its product is skipped.
 *
 * <pre>{@code
 * GruFloatBackBlock blk = new GruFloatBackBlock(units, rows);
 * blk.run(saved, batch, LstmFloatBlock.rows(rt, 3 * units, units), dhInit, gradSeq, dzx, dzr, layout, b0, b1);
 * }</pre>
 */
final class GruFloatBackBlock {
    /** Below this magnitude a state gradient becomes 0, as {@link RecurrentCell#flushTiny} does (no subnormal floats). */
    private static final float TINY = (float) RecurrentCell.TINY;
    private final int u;
    private final float[] gz;
    private final float[] gr;
    private final float[] gn;
    private final float[] qh;
    private final float[] hp;
    private final float[] dh;
    private final float[] dz;
    private final float[] dr;
    private final float[] dn;
    private final float[] dnr;
    /** One row's recurrent-side gradients (3·units) and its product with the transposed kernel (units). */
    private final float[] row;
    private final float[] back;
    private final boolean[] real;

    /** A block of up to {@code rows} batch rows of a layer of {@code units} units. */
    GruFloatBackBlock(int units, int rows) {
        u = units;
        int n = units * rows;
        gz = new float[n];
        gr = new float[n];
        gn = new float[n];
        qh = new float[n];
        hp = new float[n];
        dh = new float[n];
        dz = new float[n];
        dr = new float[n];
        dn = new float[n];
        dnr = new float[n];
        row = new float[3 * units];
        back = new float[units];
        real = new boolean[rows];
    }

    /**
     * Rows {@code [b0, b1)} (at most the block's rows) through all steps, last to first.
     *
     * @param saved what the forward pass kept ({@link GruFloatBlock#savedAt})
     * @param batch the layer call's batch rows (the stride of {@code saved})
     * @param rt the recurrent kernel transposed, {@code (3·units, units)}, as one float array per row
     * @param dhInit gradient of the final hidden state {@code (batch, units)}, or null
     * @param gradSeq gradient of each step's output in pass order {@code (batch, steps, units)}, or null
     * @param dzx out: the input-side pre-activation gradients per input row (width 3·units)
     * @param dzr out: the recurrent-side ones
     */
    void run(float[] saved, int batch, float[][] rt, double[] dhInit, double[] gradSeq, float[] dzx, float[] dzr, StepLayout l, int b0,
             int b1) {
        int rows = b1 - b0;
        int n = rows * u;
        StepLayout.startRows(dhInit, dh, b0, rows, u);
        for (int s = l.steps() - 1; s >= 0; s--) {
            l.addOutputGradient(gradSeq, b0, rows, s, dh, u);
            gather(saved, batch, l, b0, rows, s);
            gates(n);
            scatter(dzx, dzr, l, b0, rows, s);
            if (s > 0) {
                recurrent(rt, rows);
            }
        }
    }

    /** The block's gates, {@code q_h} and previous hidden states at pass step {@code s}; neutral gates where masked. */
    private void gather(float[] saved, int batch, StepLayout l, int b0, int rows, int s) {
        int n = rows * u;
        System.arraycopy(saved, GruFloatBlock.savedAt(s, 0, b0, batch, u), gz, 0, n);
        System.arraycopy(saved, GruFloatBlock.savedAt(s, 1, b0, batch, u), gr, 0, n);
        System.arraycopy(saved, GruFloatBlock.savedAt(s, 2, b0, batch, u), gn, 0, n);
        System.arraycopy(saved, GruFloatBlock.savedAt(s, 3, b0, batch, u), qh, 0, n);
        if (s > 0) {
            System.arraycopy(saved, GruFloatBlock.savedAt(s - 1, 4, b0, batch, u), hp, 0, n);
        } else {
            java.util.Arrays.fill(hp, 0, n, 0f);
        }
        for (int q = 0; q < rows; q++) {
            real[q] = l.real(l.row(b0 + q, s));
            if (!real[q]) {
                int at = q * u;
                java.util.Arrays.fill(gz, at, at + u, 1f);
                java.util.Arrays.fill(gr, at, at + u, 0f);
                java.util.Arrays.fill(gn, at, at + u, 0f);
                java.util.Arrays.fill(qh, at, at + u, 0f);
                java.util.Arrays.fill(hp, at, at + u, 0f);
            }
        }
    }

    /** The gate derivatives over the whole block, {@link GruKernel}'s backward expressions in float, one stored array per loop. */
    private void gates(int n) {
        for (int j = 0; j < n; j++) {
            dz[j] = dh[j] * (hp[j] - gn[j]) * (gz[j] * (1f - gz[j]));
        }
        for (int j = 0; j < n; j++) {
            dn[j] = dh[j] * (1f - gz[j]) * (1f - gn[j] * gn[j]);
        }
        for (int j = 0; j < n; j++) {
            dr[j] = dn[j] * qh[j] * (gr[j] * (1f - gr[j]));
        }
        for (int j = 0; j < n; j++) {
            dnr[j] = dn[j] * gr[j];
        }
    }

    /** Each row's gradients to its rows of {@code dzx} and {@code dzr}; zeros for a masked row. */
    private void scatter(float[] dzx, float[] dzr, StepLayout l, int b0, int rows, int s) {
        for (int q = 0; q < rows; q++) {
            int za = l.row(b0 + q, s) * 3 * u;
            if (!real[q]) {
                java.util.Arrays.fill(dzx, za, za + 3 * u, 0f);
                java.util.Arrays.fill(dzr, za, za + 3 * u, 0f);
                continue;
            }
            int at = q * u;
            System.arraycopy(dz, at, dzx, za, u);
            System.arraycopy(dr, at, dzx, za + u, u);
            System.arraycopy(dn, at, dzx, za + 2 * u, u);
            System.arraycopy(dz, at, dzr, za, u);
            System.arraycopy(dr, at, dzr, za + u, u);
            System.arraycopy(dnr, at, dzr, za + 2 * u, u);
        }
    }

    /**
     * Each real row's {@code dh = dh⊙z + dzr·Uᵀ} for the step before (tiny values flushed); a masked row keeps its
     * {@code dh}. Row by row: the row's recurrent-side gradients (3·units) times the transposed kernel, four kernel rows
     * per sweep of {@code units} floats ({@link LstmFloatBlock#addProduct}); S8's blocks hold 16 rows, too few for
     * {@link LstmFloatBackBlock}'s product transposed over the rows (one-vector sweeps).
     */
    private void recurrent(float[][] rt, int rows) {
        for (int q = 0; q < rows; q++) {
            if (!real[q]) {
                continue;
            }
            int at = q * u;
            System.arraycopy(dz, at, row, 0, u);
            System.arraycopy(dr, at, row, u, u);
            System.arraycopy(dnr, at, row, 2 * u, u);
            java.util.Arrays.fill(back, 0f);
            LstmFloatBlock.addProduct(back, row, 0, rt);
            for (int j = 0; j < u; j++) {
                float d = dh[at + j] * gz[at + j] + back[j];
                dh[at + j] = Math.abs(d) < TINY ? 0f : d;
            }
        }
    }

}
