package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Mean squared error: mean over features of (p - y)², mean over samples. */
public final class MeanSquaredError implements Loss {
    @Override
    public String name() {
        return "mean_squared_error";
    }

    @Override
    public INDArray perSample(INDArray p, INDArray y) {
        INDArray d = Losses.flat(p).sub(Losses.flat(y).castTo(p.dataType()));
        return d.muli(d).mean(1);
    }

    @Override
    public INDArray gradient(INDArray p, INDArray y) {
        double scale = 2.0 / p.length();
        return p.sub(y.castTo(p.dataType()).reshape(p.shape())).muli(scale);
    }

    @Override
    public double hostSum(double[] p, double[] y, int rows, int cols, double[] grad, double weight) {
        int n = rows * cols;
        double sum = 0;
        double scale = weight * 2.0 / n;
        for (int i = 0; i < n; i++) {
            double d = p[i] - y[i];
            sum += d * d;
            if (grad != null) {
                grad[i] = scale * d;
            }
        }
        return sum / cols;
    }
}
