package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParamInitTest {
    /** The former one-shot draw: every value in double, then one cast of the whole array. */
    private static INDArray oneShot(long seed, double limit, DataType dtype, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
    }

    @Test
    void chunkedUniformDrawsTheSameValuesAsOneArray() {
        long[] shape = {3 * ParamInit.CHUNK / 64 + 7, 64};   // three full chunks and a partial one
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray chunked = new ParamInit(new SplittableRandom(42), dt).uniform(0.3, shape);
            INDArray expected = oneShot(42, 0.3, dt, shape);
            assertEquals(dt, chunked.dataType());
            assertArrayEquals(shape, chunked.shape());
            assertEquals(expected, chunked, "values differ in " + dt);
            assertEquals(expected.getDouble(shape[0] - 1, 63), chunked.getDouble(shape[0] - 1, 63), 0.0);
        }
    }

    @Test
    void smallParametersKeepTheirDraw() {
        INDArray small = new ParamInit(new SplittableRandom(7), DataType.FLOAT).glorotUniform(10, 20, 10, 20);
        assertEquals(oneShot(7, Math.sqrt(6.0 / 30), DataType.FLOAT, 10, 20), small);
    }
}
