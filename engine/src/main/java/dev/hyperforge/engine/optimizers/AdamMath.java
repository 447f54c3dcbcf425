package dev.hyperforge.engine.optimizers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam's bias-corrected step, shared by Adam and AdamW: libnd4j's fused {@code adam_updater}, except at a
 * learning rate of exactly 0 (a warmup's first step, a cosine schedule's end), where that op falls back to
 * a step of size ε; there only the moments are updated and the weights stay, as Keras does.
 */
final class AdamMath {
    private AdamMath() {
    }

    /** One step: {@code m, v} updated in place, {@code value -= lr·√(1-β2ᵗ)/(1-β1ᵗ) · m / (√v + ε)}; {@code grad} is overwritten. */
    static void step(INDArray value, INDArray grad, INDArray v, INDArray m, double lr, double beta1, double beta2, double epsilon, long iteration) {
        if (lr == 0) {
            m.muli(beta1).addi(grad.mul(1 - beta1));
            v.muli(beta2).addi(grad.muli(grad).muli(1 - beta2));
            return;
        }
        Nd4j.exec(new AdamUpdater(grad, v, m, lr, beta1, beta2, epsilon, (int) iteration));
        value.subi(grad);
    }
}
