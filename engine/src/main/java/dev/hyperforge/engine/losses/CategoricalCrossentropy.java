package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.Activation;


/**
 * Categorical cross-entropy over one-hot (or soft) targets of shape (N, C). Fused with a softmax output
 * it is computed from the logits via log-sum-exp: {@code lse(z)·Σy - Σ y·z}.
 */
public class CategoricalCrossentropy implements Loss {
    /** Batches whose loss took {@link #hostSumFromLogits} so far (tests read it to see the path taken). */
    private static final java.util.concurrent.atomic.AtomicLong HOST_PASSES = new java.util.concurrent.atomic.AtomicLong();

    /** How many batches took the Java path ({@link #hostSumFromLogits}) in this JVM. */
    public static long hostPassesTaken() {
        return HOST_PASSES.get();
    }
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

    /**
     * The targets as {@link #targets} makes them, into {@code out} as a row-major {@code rows x cols} array for
     * {@link #hostSumFromLogits}; false (nothing written) when they have no such path: here float or double
     * targets of the output's size, cast to {@code type} as {@link #targets} casts them.
     */
    public boolean hostTargets(INDArray y, int rows, int cols, DataType type, double[] out) {
        if (y.length() != (long) rows * cols || !SmallKernels.readable(y)) {
            return false;
        }
        SmallKernels.read(y, out);
        if (type == DataType.FLOAT && y.dataType() != DataType.FLOAT) {
            for (int k = 0; k < rows * cols; k++) {
                out[k] = (float) out[k];
            }
        }
        return true;
    }

    /**
     * The fused loss in Java, in double, for small outputs (the trainer's path from numerics V6): the sum over the
     * rows of {@code lse(z)·Σt - Σ t·z} ({@link #perSampleFromLogits}) and, when {@code grad} is not null,
     * {@code weight} times the batch-mean loss's gradient {@code (softmax(z)·Σt - t) / rows}
     * ({@link #gradientFromLogits}). The op path computes the same in float, op by op: the two differ in the last
     * float bits.
     *
     * @param z logits, row-major {@code rows x cols}
     * @param t targets from {@link #hostTargets}
     */
    public double hostSumFromLogits(double[] z, double[] t, int rows, int cols, double[] grad, double weight) {
        HOST_PASSES.incrementAndGet();
        double sum = 0;
        double scale = weight / rows;
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double max = z[o];
            for (int j = 1; j < cols; j++) {
                max = Math.max(max, z[o + j]);
            }
            double se = 0;
            double ts = 0;
            double tz = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(z[o + j] - max);
                se += e;
                ts += t[o + j];
                tz += t[o + j] * z[o + j];
                if (grad != null) {
                    grad[o + j] = e;
                }
            }
            sum += (Math.log(se) + max) * ts - tz;
            if (grad != null) {
                for (int j = 0; j < cols; j++) {
                    grad[o + j] = (grad[o + j] / se * ts - t[o + j]) * scale;
                }
            }
        }
        return sum;
    }
}
