package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Mean absolute error: mean over features of |p - y|, mean over samples. */
public final class MeanAbsoluteError implements Loss {
    @Override
    public String name() {
        return "mean_absolute_error";
    }

    @Override
    public INDArray perSample(INDArray p, INDArray y) {
        return Transforms.abs(Losses.flat(p).sub(Losses.flat(y).castTo(p.dataType())), false).mean(1);
    }

    @Override
    public INDArray gradient(INDArray p, INDArray y) {
        return Transforms.sign(p.sub(y.castTo(p.dataType()).reshape(p.shape())), false).muli(1.0 / p.length());
    }

    @Override
    public double hostSum(double[] p, double[] y, int rows, int cols, double[] grad, double weight) {
        int n = rows * cols;
        double sum = 0;
        double scale = weight / n;
        for (int i = 0; i < n; i++) {
            double d = p[i] - y[i];
            sum += Math.abs(d);
            if (grad != null) {
                grad[i] = scale * Math.signum(d);
            }
        }
        return sum / cols;
    }
}
