package dev.hyperforge.engine.layers;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /** U(-limit, limit). */
    public INDArray uniform(double limit, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (random.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
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
