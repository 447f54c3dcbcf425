package dev.hyperforge.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.losses.Loss;

/**
 * A loss over an output that still carries a time axis and a mask, as Keras computes it: the loss is
 * taken per time step (the output viewed as {@code (batch·steps, features)}), masked steps weigh 0 and the
 * batch loss is the mean over the unmasked steps, {@code Σ loss·mask / Σ mask}. Each sample's share is
 * {@code batch / Σ mask · Σ_t loss_t·mask_t}, so the trainer's mean over samples gives that value.
 *
 * <pre>{@code
 * if (MaskedLoss.applies(pred, mask)) {
 *     INDArray per = MaskedLoss.perSample(loss, pred, target, mask, false);
 * }
 * }</pre>
 */
final class MaskedLoss {
    /** Keras' epsilon: a fully masked batch has loss 0. */
    private static final double EPS = 1e-7;

    private MaskedLoss() {
    }

    /** Whether a mask applies to this output: rank 3 or more, batch and steps equal to the mask's. */
    static boolean applies(INDArray pred, INDArray mask) {
        return mask != null && mask.rank() == 2 && pred.rank() >= 3
                && pred.size(0) == mask.size(0) && pred.size(1) == mask.size(1);
    }

    /**
     * Each sample's share of the masked mean loss, shape {@code (batch)}.
     *
     * @param fromLogits whether {@code pred} holds the logits of a fused output ({@link Loss#fusesWith})
     */
    static INDArray perSample(Loss loss, INDArray pred, INDArray target, INDArray mask, boolean fromLogits) {
        long n = pred.size(0);
        long steps = pred.size(1);
        INDArray p = rows(pred);
        INDArray y = rows(target, p.size(0));
        INDArray perStep = fromLogits ? loss.perSampleFromLogits(p, y) : loss.perSample(p, y);
        INDArray m = mask.castTo(perStep.dataType()).reshape('c', new long[] {n * steps});
        double scale = n / (m.sumNumber().doubleValue() + EPS);
        return perStep.mul(m).reshape('c', n, steps).sum(1).muli(scale);
    }

    /** The gradient of the masked mean loss with respect to {@code pred} (predictions or logits), shaped like it. */
    static INDArray gradient(Loss loss, INDArray pred, INDArray target, INDArray mask, boolean fromLogits) {
        long rowsCount = pred.size(0) * pred.size(1);
        INDArray p = rows(pred);
        INDArray y = rows(target, rowsCount);
        INDArray g = fromLogits ? loss.gradientFromLogits(p, y) : loss.gradient(p, y);
        // the loss's gradient is of the mean over all rows; reweigh each row by mask · rows / valid
        INDArray m = mask.castTo(g.dataType()).reshape('c', rowsCount, 1);
        double scale = rowsCount / (m.sumNumber().doubleValue() + EPS);
        return g.reshape('c', rowsCount, g.length() / rowsCount).mulColumnVector(m.muli(scale)).reshape('c', pred.shape());
    }

    /** The output as {@code (batch·steps, rest)}. */
    private static INDArray rows(INDArray a) {
        long r = a.size(0) * a.size(1);
        return a.reshape('c', r, a.length() / r);
    }

    /** Targets as {@code (rows, rest)}: one row per time step. */
    private static INDArray rows(INDArray t, long r) {
        return t.reshape('c', r, t.length() / r);
    }
}
