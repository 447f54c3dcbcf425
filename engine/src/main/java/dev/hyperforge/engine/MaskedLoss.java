package dev.hyperforge.engine;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.metrics.Metric;

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
 *
 * <p>Metrics of such an output are also taken per step, as Keras 3 passes the mask to compile metrics
 * as sample weights ({@link #metricSums}).
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
        return g.reshape('c', rowsCount, g.length() / rowsCount).mulColumnVector(m.mul(scale)).reshape('c', pred.shape());
    }

    /**
     * A metric of a masked output, taken per time step and weighed as Keras 3 does: each step weighs its
     * mask times its sample's weight (1 without weights), so the epoch value {@code Σ v·w / Σ w} is the
     * metric's mean over the unmasked steps. Returns {@code {Σ v·w, Σ w}} over the batch.
     *
     * @param weights each sample's weight, shape {@code (batch)}, or null
     */
    static double[] metricSums(Metric metric, INDArray pred, INDArray target, INDArray mask, INDArray weights) {
        long n = pred.size(0);
        long steps = pred.size(1);
        INDArray p = rows(pred);
        INDArray perStep = metric.perSample(p, rows(target, p.size(0)));
        INDArray w = mask.castTo(perStep.dataType()).reshape('c', n, steps);
        if (weights != null) {
            w = w.mulColumnVector(weights.castTo(w.dataType()).reshape('c', n, 1));
        }
        w = w.reshape('c', new long[] {n * steps});
        return new double[] {perStep.mul(w).sumNumber().doubleValue(), w.sumNumber().doubleValue()};
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
