package dev.hyperforge.engine.losses;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;

/**
 * A loss function. The batch loss is the mean over samples of {@link #perSample}; {@link #gradient}
 * is the gradient of that mean with respect to the predictions.
 *
 * <pre>{@code
 * Loss l = Loss.of("categorical_crossentropy");
 * }</pre>
 */
public interface Loss {
    /** Keras name, e.g. {@code binary_crossentropy}. */
    String name();

    /** Loss of each sample: shape (N). */
    INDArray perSample(INDArray predictions, INDArray targets);

    /** Gradient of the batch-mean loss with respect to the predictions. */
    INDArray gradient(INDArray predictions, INDArray targets);

    /**
     * The Java path for small batches (the trainer uses it when it returns a number): the sum over the
     * {@code rows} samples of {@link #perSample}, from predictions and targets as row-major
     * {@code rows x cols} arrays, and, when {@code grad} is not null, {@code weight} times
     * {@link #gradient} written into it. Returns NaN (the default) when this loss has no such path.
     */
    default double hostSum(double[] p, double[] y, int rows, int cols, double[] grad, double weight) {
        return Double.NaN;
    }

    /**
     * {@link #hostSum} from the logits of a layer whose activation this loss {@link #fusesWith}: the sum over the
     * samples of {@link #perSampleFromLogits} and, when {@code grad} is not null, {@code weight} times
     * {@link #gradientFromLogits} written into it, in double (numerics level V6). NaN (the default) when this loss has
     * no such path.
     */
    default double hostSumFromLogits(double[] z, double[] y, int rows, int cols, double[] grad, double weight) {
        return Double.NaN;
    }

    /** Whether the loss can be computed from the logits of a layer with this final activation. */
    default boolean fusesWith(Activation activation) {
        return false;
    }

    /** Per-sample loss from the logits (only when {@link #fusesWith} holds). */
    default INDArray perSampleFromLogits(INDArray logits, INDArray targets) {
        throw new UnsupportedOperationException(name() + " does not fuse");
    }

    /** Gradient of the batch-mean loss with respect to the logits (only when {@link #fusesWith} holds). */
    default INDArray gradientFromLogits(INDArray logits, INDArray targets) {
        throw new UnsupportedOperationException(name() + " does not fuse");
    }

    /**
     * The target shape this loss expects for an output of shape {@code output}, batch dimension
     * included; by default the output's own shape.
     */
    default Shape expectedTargetShape(Shape output) {
        return output;
    }

    /** Whether concrete targets fit an output of this shape. */
    default boolean acceptsTargets(Shape output, long[] targetShape) {
        return expectedTargetShape(output).accepts(targetShape);
    }

    /** Looks a loss up by its Keras name or alias. */
    static Loss of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "binary_crossentropy", "bce" -> new BinaryCrossentropy();
            case "categorical_crossentropy", "cce" -> new CategoricalCrossentropy();
            case "sparse_categorical_crossentropy", "scce" -> new SparseCategoricalCrossentropy();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of mse, mae, "
                    + "binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy");
        };
    }
}
