package dev.hyperforge.engine.losses;

import org.nd4j.linalg.api.buffer.DataType;
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

    /**
     * The class ids as one-hot rows; false (nothing written) when an id is not a whole number (the op path
     * truncates it for the loss but not for the accuracy). An id outside {@code [0, cols)} throws as {@link #targets}.
     */
    @Override
    public boolean hostTargets(INDArray y, int rows, int cols, DataType type, double[] out) {
        if (y.length() != rows) {
            return false;
        }
        double[] ids = y.reshape(rows).toDoubleVector();
        java.util.Arrays.fill(out, 0, rows * cols, 0.0);
        for (int i = 0; i < rows; i++) {
            double v = ids[i];
            if (v != Math.rint(v)) {
                return false;
            }
            long k = (long) v;
            if (k < 0 || k >= cols) {
                throw new IllegalArgumentException("sparse_categorical_crossentropy: class id " + k + " at sample " + i
                        + " is outside [0, " + cols + ")");
            }
            out[i * cols + (int) k] = 1.0;
        }
        return true;
    }
}
