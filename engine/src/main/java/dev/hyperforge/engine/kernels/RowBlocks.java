package dev.hyperforge.engine.kernels;

/**
 * Scratch rows for a recurrent forward pass that walks a block of {@link #SIZE} batch rows step by step. Per
 * step the block's pre-activation rows are copied into separate arrays, and when every row of a full block is
 * real (unmasked) and has a previous step, the recurrent products {@code h_prev·U} of all of them run in one
 * sweep over {@code U}, each weight loaded once for the whole block instead of once per row (the recurrent
 * kernel of a 64-unit LSTM is 128 KB in double, more than the L1 cache). Each element still adds its
 * products in the same order ({@code k} ascending, starting from its initial value), so the results are
 * bit-identical to the row-at-a-time product ({@link RecurrentCell#addProduct}). Separate arrays rather than
 * offsets into one array let the JIT prove the rows independent and vectorise the sweep.
 *
 * <pre>{@code
 * RowBlocks blocks = new RowBlocks(layout, 4 * units);
 * if (blocks.load(a, from, to, s, units)) {
 *     blocks.addProducts(hs, r, units);
 * }
 * double[] z = blocks.row(0); // row from's pre-activations at step s
 * }</pre>
 */
final class RowBlocks {
    /** Rows per block. */
    static final int SIZE = 4;
    private final StepLayout layout;
    private final int width;
    private final double[][] rows;
    private final int[] prev = new int[SIZE];

    /**
     * @param layout step order and mask
     * @param width pre-activation columns per row (gates·units)
     */
    RowBlocks(StepLayout layout, int width) {
        this.layout = layout;
        this.width = width;
        this.rows = new double[SIZE][width];
    }

    /**
     * Loads the pre-activations of batch rows {@code [from, to)} at pass step {@code s} from {@code a} (width
     * {@code width} per input row; masked rows are skipped).
     *
     * @return whether {@link #addProducts} may run for the block (a full block, all real, not the first step)
     */
    boolean load(double[] a, int from, int to, int s, int units) {
        boolean together = locate(from, to, s, units);
        for (int q = 0; q < to - from; q++) {
            int row = layout.row(from + q, s);
            if (layout.real(row)) {
                System.arraycopy(a, row * width, rows[q], 0, width);
            }
        }
        return together;
    }

    /** Like {@link #load}, each row starting from {@code bias} (zeros when null) instead of a per-row value. */
    boolean reset(double[] bias, int from, int to, int s, int units) {
        boolean together = locate(from, to, s, units);
        for (int q = 0; q < to - from; q++) {
            if (bias == null) {
                java.util.Arrays.fill(rows[q], 0.0);
            } else {
                System.arraycopy(bias, 0, rows[q], 0, width);
            }
        }
        return together;
    }

    private boolean locate(int from, int to, int s, int units) {
        boolean together = to - from == SIZE && s > 0;
        for (int q = 0; q < to - from; q++) {
            prev[q] = s > 0 ? layout.row(from + q, s - 1) * units : -1;
            together &= layout.real(layout.row(from + q, s));
        }
        return together;
    }

    /** Block row {@code q}'s scratch pre-activations. */
    double[] row(int q) {
        return rows[q];
    }

    /** Offset of block row {@code q}'s previous hidden state in the per-step arrays, or -1 at the first step. */
    int previous(int q) {
        return prev[q];
    }

    /**
     * Adds {@code h_prev·r} to every row of a full block; {@code r} is {@code (units, width)}, row-major. Four
     * rows of {@code r} are swept together: each pre-activation is loaded and stored once per four products
     * instead of once per product, and {@code z + p0 + p1 + p2 + p3} adds left to right, the same order as
     * four separate sweeps, so the results do not change.
     */
    void addProducts(double[] h, double[] r, int units) {
        int k = 0;
        for (; k + 4 <= units; k += 4) {
            addFour(h, r, k);
        }
        for (; k < units; k++) {
            addOne(h, r, k);
        }
    }

    private void addFour(double[] h, double[] r, int k) {
        double[] z0 = rows[0];
        double[] z1 = rows[1];
        double[] z2 = rows[2];
        double[] z3 = rows[3];
        int p0 = prev[0] + k;
        int p1 = prev[1] + k;
        int p2 = prev[2] + k;
        int p3 = prev[3] + k;
        double a0 = h[p0], a1 = h[p0 + 1], a2 = h[p0 + 2], a3 = h[p0 + 3];
        double b0 = h[p1], b1 = h[p1 + 1], b2 = h[p1 + 2], b3 = h[p1 + 3];
        double c0 = h[p2], c1 = h[p2 + 1], c2 = h[p2 + 2], c3 = h[p2 + 3];
        double d0 = h[p3], d1 = h[p3 + 1], d2 = h[p3 + 2], d3 = h[p3 + 3];
        int g = width;
        int r0 = k * g;
        int r1 = r0 + g;
        int r2 = r1 + g;
        int r3 = r2 + g;
        for (int j = 0; j < g; j++) {
            double w0 = r[r0 + j], w1 = r[r1 + j], w2 = r[r2 + j], w3 = r[r3 + j];
            z0[j] = z0[j] + a0 * w0 + a1 * w1 + a2 * w2 + a3 * w3;
            z1[j] = z1[j] + b0 * w0 + b1 * w1 + b2 * w2 + b3 * w3;
            z2[j] = z2[j] + c0 * w0 + c1 * w1 + c2 * w2 + c3 * w3;
            z3[j] = z3[j] + d0 * w0 + d1 * w1 + d2 * w2 + d3 * w3;
        }
    }

    private void addOne(double[] h, double[] r, int k) {
        double[] z0 = rows[0];
        double[] z1 = rows[1];
        double[] z2 = rows[2];
        double[] z3 = rows[3];
        double h0 = h[prev[0] + k];
        double h1 = h[prev[1] + k];
        double h2 = h[prev[2] + k];
        double h3 = h[prev[3] + k];
        int g = width;
        int rk = k * g;
        for (int j = 0; j < g; j++) {
            double w = r[rk + j];
            z0[j] += h0 * w;
            z1[j] += h1 * w;
            z2[j] += h2 * w;
            z3[j] += h3 * w;
        }
    }
}
