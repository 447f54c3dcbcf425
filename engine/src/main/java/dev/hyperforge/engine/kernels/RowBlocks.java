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

    /** Adds {@code h_prev·r} to every row of a full block; {@code r} is {@code (units, width)}, row-major. */
    void addProducts(double[] h, double[] r, int units) {
        double[] z0 = rows[0];
        double[] z1 = rows[1];
        double[] z2 = rows[2];
        double[] z3 = rows[3];
        int g = width;
        for (int k = 0; k < units; k++) {
            double h0 = h[prev[0] + k];
            double h1 = h[prev[1] + k];
            double h2 = h[prev[2] + k];
            double h3 = h[prev[3] + k];
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
}
