package dev.hyperforge.experiments.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-feature standardisation {@code (x - mean) / std} whose statistics come from training data only.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(trainX);
 * INDArray t = s.apply(trainX), v = s.apply(valX);   // validation uses the training mean and std
 * }</pre>
 *
 * @param mean per-feature mean, shape (1, features)
 * @param std per-feature standard deviation (1 where it is 0), shape (1, features)
 */
public record Standardizer(INDArray mean, INDArray std) {
    /** Statistics of a (samples, features) array. */
    public static Standardizer fit(INDArray train) {
        INDArray x = train.reshape('c', train.size(0), train.length() / train.size(0)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray mean = x.mean(0).reshape(1, x.size(1));
        INDArray std = x.std(false, 0).reshape(1, x.size(1));
        std = std.add(std.eq(0).castTo(std.dataType()));
        return new Standardizer(mean, std);
    }

    /** A standardised copy with the statistics of the training data. */
    public INDArray apply(INDArray a) {
        INDArray x = a.reshape('c', a.size(0), a.length() / a.size(0)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        INDArray z = x.subRowVector(mean).diviRowVector(std);
        return z.castTo(a.dataType()).reshape('c', a.shape());
    }
}
