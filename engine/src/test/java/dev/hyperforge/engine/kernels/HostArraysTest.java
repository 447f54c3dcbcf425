package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent input projection's fused bias and conversion ({@link HostArrays#toDoublesAddingRow}) gives the
 * doubles that ND4J's float {@code addiRowVector} followed by {@link HostArrays#toDoubles} gives, bit for bit,
 * over more rows than one conversion chunk holds, and leaves the matrix unchanged.
 */
class HostArraysTest {
    @Test
    void fusedBiasEqualsNd4jFloatAddThenConversion() {
        int rows = 700;
        int g = 24;
        INDArray m = floats(1, rows, g, 50.0);
        INDArray bias = floats(2, 1, g, 3.0).reshape(g);
        INDArray before = m.dup();
        double[] fused = new double[rows * g];
        HostArrays.toDoublesAddingRow(m, HostArrays.toFloats(bias), fused);
        assertArrayEquals(before.data().asFloat(), m.data().asFloat(), "the matrix is not written");
        double[] reference = new double[rows * g];
        HostArrays.toDoubles(m.dup().addiRowVector(bias), reference);
        assertArrayEquals(reference, fused);
    }

    /** The float form ({@link HostArrays#toFloatsAddingRow}, level V3's LSTM input) holds the same values as floats. */
    @Test
    void floatFusedBiasHoldsTheSameValues() {
        int rows = 700;
        int g = 24;
        INDArray m = floats(1, rows, g, 50.0);
        float[] bias = HostArrays.toFloats(floats(2, 1, g, 3.0).reshape(g));
        double[] d = new double[rows * g];
        HostArrays.toDoublesAddingRow(m, bias, d);
        float[] f = new float[rows * g];
        HostArrays.toFloatsAddingRow(m, bias, f);
        for (int i = 0; i < d.length; i++) {
            assertEquals(d[i], f[i], 0.0);
        }
        HostArrays.toFloatsAddingRow(m, null, f);
        assertArrayEquals(m.data().asFloat(), f, "no bias: the matrix itself");
        assertThrows(IllegalArgumentException.class, () -> HostArrays.toFloatsAddingRow(m, new float[5], new float[rows * g]));
    }

    @Test
    void fusedBiasRefusesAWidthThatDoesNotDivide() {
        INDArray m = floats(3, 5, 7, 1.0);
        assertThrows(IllegalArgumentException.class, () -> HostArrays.toDoublesAddingRow(m, new float[3], new double[35]));
    }

    private static INDArray floats(long seed, int rows, int cols, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((r.nextDouble() - 0.5) * scale);
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }
}
