package dev.hyperforge.experiments.data;

import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transformation of one input array whose parameters are learned from the training rows of a split only
 * (column means for missing values, standardisation, the categories a vocabulary knows), then applied alike to
 * the training and the validation rows. {@link Splits} fits it once per split, so validation rows never shape
 * the statistics they are scored with.
 *
 * <pre>{@code
 * RowTransform t = train -> { double m = train.meanNumber().doubleValue(); return a -> a.sub(m); };
 * DataSet d = data.withTransforms(Map.of("features", t));
 * Split s = Splits.holdout(d, 0.2, seed);    // both parts shifted by the training mean
 * }</pre>
 */
@FunctionalInterface
public interface RowTransform {
    /**
     * Learns from the training rows and returns the function applied to training and validation rows.
     *
     * @param train the raw training rows of the input (first dimension = samples)
     */
    UnaryOperator<INDArray> fit(INDArray train);
}
