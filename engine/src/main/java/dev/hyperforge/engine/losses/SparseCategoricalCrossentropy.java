package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;

/** Categorical cross-entropy whose targets are class ids of shape (N) or (N, 1). */
public final class SparseCategoricalCrossentropy extends CategoricalCrossentropy {
    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    protected INDArray targets(INDArray p, INDArray y) {
        long n = p.size(0);
        long c = p.size(1);
        INDArray oneHot = Nd4j.zeros(p.dataType(), n, c);
        INDArray ids = y.reshape(n);
        for (long i = 0; i < n; i++) {
            long k = ids.getLong(i);
            if (k < 0 || k >= c) {
                throw new IllegalArgumentException("sparse_categorical_crossentropy: class id " + k + " at sample " + i
                        + " is outside [0, " + c + ")");
            }
            oneHot.putScalar(i, k, 1.0);
        }
        return oneHot;
    }

    @Override
    public Shape expectedTargetShape(Shape output) {
        return Shape.of(output.dim(0), 1);
    }

    @Override
    public boolean acceptsTargets(Shape output, long[] t) {
        return t.length == 1 || (t.length == 2 && t[1] == 1);
    }
}
