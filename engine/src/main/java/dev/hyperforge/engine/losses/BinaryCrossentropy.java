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
    /** Fused losses computed in Java ({@link #hostSumFromLogits}); tests read it to see the path taken. */
    private static volatile long hostPasses;

    /** How many fused losses this JVM computed in Java (numerics V6). */
    public static long hostPassesTaken() {
        return hostPasses;
    }

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

    /**
     * The fused loss and gradient in Java, in double: {@code max(z,0) - z·y + log1p(e)} and {@code σ(z) - y} with
     * {@code e = exp(-|z|)} and {@code σ(z) = 1/(1+e)} for {@code z ≥ 0}, {@code e/(1+e)} below (neither overflows).
     */
    @Override
    public double hostSumFromLogits(double[] z, double[] y, int rows, int cols, double[] grad, double weight) {
        hostPasses++;
        int n = rows * cols;
        double scale = weight / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double zi = z[i];
            double e = Math.exp(-Math.abs(zi));
            sum += Math.max(zi, 0) - zi * y[i] + Math.log1p(e);
            if (grad != null) {
                double sigmoid = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
                grad[i] = scale * (sigmoid - y[i]);
            }
        }
        return sum / cols;
    }

    @Override
    public INDArray gradientFromLogits(INDArray z, INDArray y) {
        return Transforms.sigmoid(z, true).subi(y.castTo(z.dataType()).reshape(z.shape())).muli(1.0 / z.length());
    }
}
