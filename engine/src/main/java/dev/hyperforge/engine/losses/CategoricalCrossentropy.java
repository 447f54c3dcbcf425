package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Activation;


/**
 * Categorical cross-entropy over one-hot (or soft) targets of shape (N, C). Fused with a softmax output
 * it is computed from the logits via log-sum-exp: {@code lse(z)·Σy - Σ y·z}.
 */
public class CategoricalCrossentropy implements Loss {
    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    /** Targets as (N, C) in the predictions' dtype. */
    protected INDArray targets(INDArray p, INDArray y) {
        return y.castTo(p.dataType()).reshape(p.shape());
    }

    @Override
    public INDArray perSample(INDArray p, INDArray y) {
        Losses.requireRank2(name(), p);
        INDArray pn = p.divColumnVector(p.sum(true, 1));
        INDArray pc = Transforms.max(Transforms.min(pn, 1 - BinaryCrossentropy.EPS, false), BinaryCrossentropy.EPS, false);
        return targets(p, y).mul(Transforms.log(pc, false)).sum(1).negi();
    }

    @Override
    public INDArray gradient(INDArray p, INDArray y) {
        Losses.requireRank2(name(), p);
        // L = -Σ y·log(p / Σp): the predictions are normalised first, as Keras does.
        INDArray pc = Transforms.max(p, BinaryCrossentropy.EPS, true);
        INDArray t = targets(p, y);
        INDArray back = t.sum(true, 1).divi(p.sum(true, 1));
        return t.div(pc).negi().addiColumnVector(back).muli(1.0 / p.size(0));
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SOFTMAX;
    }

    @Override
    public INDArray perSampleFromLogits(INDArray z, INDArray y) {
        Losses.requireRank2(name(), z);
        INDArray t = targets(z, y);
        INDArray max = z.max(true, 1);
        INDArray shifted = z.subColumnVector(max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false).addi(max);
        return lse.muli(t.sum(true, 1)).subi(t.mul(z).sum(true, 1)).reshape(z.size(0));
    }

    @Override
    public INDArray gradientFromLogits(INDArray z, INDArray y) {
        Losses.requireRank2(name(), z);
        INDArray t = targets(z, y);
        INDArray soft = z.ulike();
        Nd4j.exec(new SoftMax(z, soft, 1));
        return soft.muliColumnVector(t.sum(true, 1)).subi(t).muli(1.0 / z.size(0));
    }
}
