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
}
