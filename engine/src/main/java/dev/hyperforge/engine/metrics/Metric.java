package dev.hyperforge.engine.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A metric computed as a running mean over batches: {@link #sum} returns the batch's total, and the
 * epoch value is the sum of totals divided by the number of samples.
 */
public interface Metric {
    /** Keras name, e.g. {@code accuracy}, {@code mae}. */
    String name();

    /** Sum of the per-sample metric over the batch. */
    double sum(INDArray predictions, INDArray targets);

    /** The metric of each sample, shape (N); needed to weigh samples (class_weight, sample_weight). */
    default INDArray perSample(INDArray predictions, INDArray targets) {
        throw new UnsupportedOperationException("metric " + name() + " cannot weigh samples");
    }

    /**
     * {@code Σ wᵢ·mᵢ} over the batch: with Keras the epoch value of a metric under sample weights is
     * {@code Σ w·m / Σ w}.
     */
    default double weightedSum(INDArray predictions, INDArray targets, INDArray weights) {
        INDArray per = perSample(predictions, targets);
        return per.mul(weights.castTo(per.dataType()).reshape(per.shape())).sumNumber().doubleValue();
    }

    /**
     * The Java path for small batches: {@link #sum} from predictions and targets as row-major
     * {@code rows x cols} arrays (the targets with as many elements as the predictions); NaN (the default)
     * when this metric has none.
     */
    default double hostSum(double[] p, double[] y, int rows, int cols) {
        return Double.NaN;
    }
}
