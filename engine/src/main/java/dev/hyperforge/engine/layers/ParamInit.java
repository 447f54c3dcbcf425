package dev.hyperforge.engine.layers;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Seeded weight initialisers (Keras defaults): Glorot uniform, uniform, zeros, ones, orthogonal.
 * Each layer gets its own {@code ParamInit} derived from the model seed and the layer's position, so
 * the same seed always gives the same weights.
 */
public final class ParamInit {
    private final SplittableRandom random;
    private final DataType dtype;

    /**
     * @param random the layer's seeded generator
     * @param dtype the parameter data type
     */
    public ParamInit(SplittableRandom random, DataType dtype) {
        this.random = random;
        this.dtype = dtype;
    }

    /** The parameter data type. */
    public DataType dtype() {
        return dtype;
    }

    /** The layer's generator. */
    public SplittableRandom random() {
        return random;
    }

    /** Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)). */
    public INDArray glorotUniform(long fanIn, long fanOut, long... shape) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    /**
     * U(-limit, limit), drawn in double and rounded once to the parameter type. Large parameters are drawn
     * in chunks of {@value #CHUNK} values straight into the result: a whole-parameter {@code double[]}
     * (100 MB for a 50 000 × 256 embedding) is larger than the young generation, so the JVM would place it
     * in the old generation, where it stays resident as garbage until a full collection. The values and
     * their order are the same either way.
     */
    public INDArray uniform(double limit, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        if (n <= CHUNK) {
            return Nd4j.create(draw((int) n, limit), shape, DataType.DOUBLE).castTo(dtype);
        }
        INDArray out = Nd4j.createUninitialized(dtype, shape);
        INDArray flat = out.reshape('c', new long[] {n});
        for (long start = 0; start < n; start += CHUNK) {
            int len = (int) Math.min(CHUNK, n - start);
            flat.get(NDArrayIndex.interval(start, start + len)).assign(Nd4j.create(draw(len, limit), new long[] {len}, DataType.DOUBLE).castTo(dtype));
        }
        return out;
    }

    /** Values drawn at once by {@link #uniform} (and its chunk length). */
    static final int CHUNK = 1 << 16;

    private double[] draw(int n, double limit) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * limit;
        }
        return v;
    }

    /** Zeros. */
    public INDArray zeros(long... shape) {
        return Nd4j.zeros(dtype, shape);
    }

    /** Ones. */
    public INDArray ones(long... shape) {
        return Nd4j.ones(dtype, shape);
    }

    /** A (rows x cols) matrix with orthonormal rows or columns (Keras's orthogonal initialiser). */
    public INDArray orthogonal(int rows, int cols) {
        int n = Math.max(rows, cols);
        int m = Math.min(rows, cols);
        // Gram-Schmidt on Gaussian vectors: m orthonormal vectors of length n.
        double[][] q = new double[m][n];
        for (int i = 0; i < m; i++) {
            double[] v = q[i];
            for (int k = 0; k < n; k++) {
                v[k] = gaussian();
            }
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += v[k] * q[j][k];
                }
                for (int k = 0; k < n; k++) {
                    v[k] -= dot * q[j][k];
                }
            }
            double norm = 0;
            for (int k = 0; k < n; k++) {
                norm += v[k] * v[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < n; k++) {
                v[k] /= norm;
            }
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = rows >= cols ? q[c][r] : q[r][c];
            }
        }
        return Nd4j.create(out).castTo(dtype);
    }

    private double gaussian() {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
