package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Activation;


/**
 * Binary cross-entropy, mean over features, mean over samples. Fused with a sigmoid output it is
 * computed from the logits as {@code max(z,0) - z·y + log(1 + e^{-|z|})}, which never overflows.
 */
public final class BinaryCrossentropy implements Loss {
    static final double EPS = 1e-7;

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    public INDArray perSample(INDArray p, INDArray y) {
        INDArray pc = Transforms.max(Transforms.min(Losses.flat(p), 1 - EPS, true), EPS, false);
        INDArray yc = Losses.flat(y).castTo(p.dataType());
        INDArray l = yc.mul(Transforms.log(pc, true)).addi(yc.rsub(1.0).muli(Transforms.log(pc.rsub(1.0), false)));
        return l.negi().mean(1);
    }

    @Override
    public INDArray gradient(INDArray p, INDArray y) {
        INDArray pc = Transforms.max(Transforms.min(p, 1 - EPS, true), EPS, false);
        INDArray yc = y.castTo(p.dataType()).reshape(p.shape());
        return pc.sub(yc).divi(pc.mul(pc.rsub(1.0))).muli(1.0 / p.length());
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SIGMOID;
    }

    @Override
    public INDArray perSampleFromLogits(INDArray z, INDArray y) {
        INDArray zf = Losses.flat(z);
        INDArray yc = Losses.flat(y).castTo(z.dataType());
        INDArray l = Transforms.relu(zf, true).subi(zf.mul(yc))
                .addi(Transforms.log(Transforms.exp(Transforms.abs(zf, true).negi(), false).addi(1.0), false));
        return l.mean(1);
    }

    @Override
    public INDArray gradientFromLogits(INDArray z, INDArray y) {
        return Transforms.sigmoid(z, true).subi(y.castTo(z.dataType()).reshape(z.shape())).muli(1.0 / z.length());
    }
}
