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
}
