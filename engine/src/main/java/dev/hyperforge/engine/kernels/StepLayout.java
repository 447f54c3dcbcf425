package dev.hyperforge.engine.kernels;

/**
 * How a recurrent pass walks the time axis: the number of steps, whether it runs from the last step to the
 * first (Keras' {@code go_backwards}), and which steps are real ({@code mask}, 1 = real, indexed like the
 * input: {@code b * steps + t}; null when every step is real). Per-step arrays of the kernels are indexed by
 * the input's row {@link #row(int, int)}, so the input projection and the input gradient need no reversal;
 * outputs in processing order are gathered through the same mapping.
 *
 * <pre>{@code
 * StepLayout l = new StepLayout(5, true, null, false, false);
 * int r = l.row(2, 0);   // row of batch 2's last step: processed first when going backwards
 * }</pre>
 *
 * @param steps time steps
 * @param backwards whether step {@code s} of the pass reads input step {@code steps - 1 - s}
 * @param mask per input row 1 for a real step, 0 for padding; or null
 * @param zeroOutput whether a masked step outputs zeros (Keras' {@code zero_output_for_mask}, which
 *                   {@code Bidirectional} sets for sequences) instead of the carried hidden state
 * @param inputOrder whether the output sequence is in input order even when going backwards (what
 *                   {@code Bidirectional} wants of its backward layer, sparing a reversal)
 */
public record StepLayout(int steps, boolean backwards, double[] mask, boolean zeroOutput, boolean inputOrder) {
    /** Every step real, first to last. */
    public static StepLayout plain(int steps) {
        return new StepLayout(steps, false, null, false, false);
    }

    /** Where the output (and its gradient) of pass step {@code s} of row {@code b} sits: pass order, or input order. */
    public int out(int b, int s) {
        return inputOrder ? row(b, s) : b * steps + s;
    }

    /** Whether the output at pass step {@code s} of row {@code b} is forced to zero (a masked step, {@code zeroOutput}). */
    public boolean zeroed(int b, int s) {
        return zeroOutput && !real(row(b, s));
    }

    /**
     * Adds to {@code dh} (float rows of {@code units}, block row {@code q} for batch row {@code b0 + q}) each row's
     * output gradient at pass step {@code s} from {@code gradSeq} (null: none), except where the output is zeroed:
     * the float backward blocks' first move at every step.
     */
    void addOutputGradient(double[] gradSeq, int b0, int rows, int s, float[] dh, int units) {
        if (gradSeq == null) {
            return;
        }
        for (int q = 0; q < rows; q++) {
            if (zeroed(b0 + q, s)) {
                continue;
            }
            int o = out(b0 + q, s) * units;
            int at = q * units;
            for (int j = 0; j < units; j++) {
                dh[at + j] = dh[at + j] + (float) gradSeq[o + j];
            }
        }
    }

    /** The block's rows {@code [b0, b0 + rows)} of {@code init} ({@code units} wide) as floats into {@code d}, or zeros. */
    static void startRows(double[] init, float[] d, int b0, int rows, int units) {
        int n = rows * units;
        if (init == null) {
            java.util.Arrays.fill(d, 0, n, 0f);
            return;
        }
        int from = b0 * units;
        for (int j = 0; j < n; j++) {
            d[j] = (float) init[from + j];
        }
    }

    /** The input row that batch row {@code b} processes at its pass step {@code s}. */
    public int row(int b, int s) {
        return b * steps + (backwards ? steps - 1 - s : s);
    }

    /** Whether the step at input row {@code row} is real (not masked). */
    public boolean real(int row) {
        return mask == null || mask[row] != 0.0;
    }
}
