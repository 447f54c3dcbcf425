package dev.hyperforge.engine.kernels;

/** The step layouts the recurrent kernel tests walk: plain, masked, masked backwards, and Bidirectional's backward layer. */
final class TestLayouts {
    private TestLayouts() {
    }

    /**
     * Plain; masked (holes, a masked first and last step) forwards; the same mask walked backwards; and, with
     * {@code bidirectional}, backwards with zeroed outputs in input order (Bidirectional's).
     */
    static StepLayout[] masked(int batch, int steps, boolean bidirectional) {
        double[] mask = new double[batch * steps];
        java.util.Arrays.fill(mask, 1.0);
        mask[0] = 0.0;
        mask[3] = 0.0;
        mask[4] = 0.0;
        mask[steps + steps - 1] = 0.0;
        mask[(batch - 1) * steps + 2] = 0.0;
        StepLayout[] three = {StepLayout.plain(steps), new StepLayout(steps, false, mask, false, false),
            new StepLayout(steps, true, mask, false, false)};
        if (!bidirectional) {
            return three;
        }
        return new StepLayout[] {three[0], three[1], three[2], new StepLayout(steps, true, mask, true, true)};
    }
}
