package dev.hyperforge.engine.layers;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose output is {@code activation(logits)}. The trainer fuses softmax with categorical
 * cross-entropy and sigmoid with binary cross-entropy through this interface: it computes the loss
 * from the logits (numerically stable) and passes the gradient with respect to the logits straight to
 * {@link #backwardFromLogits}.
 */
public interface ActivatedLayer {
    /** The final activation. */
    Activation activation();

    /** The pre-activation values saved by the last forward call of {@code ctx}. */
    INDArray logits(LayerContext ctx);

    /** Backward pass given the gradient with respect to the logits. */
    List<INDArray> backwardFromLogits(INDArray gradLogits, LayerContext ctx);
}
