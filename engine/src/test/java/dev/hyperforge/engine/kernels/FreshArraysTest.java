package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FreshArrays} gives arrays that look like {@code Nd4j.createUninitialized}'s (shape, strides, order,
 * type, shape information), each with its own data, usable in ND4J's ops, for float and double and after a
 * change of shape.
 */
class FreshArraysTest {
    @Test
    void arraysOfOneShapeAreDistinctAndLikeCreateUninitialized() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            FreshArrays f = new FreshArrays();
            INDArray first = f.create(t, 16, 3);
            INDArray second = f.create(t, 16, 3);
            INDArray reference = Nd4j.createUninitialized(t, 16, 3);
            for (INDArray a : new INDArray[] {first, second}) {
                assertArrayEquals(reference.shapeInfoJava(), a.shapeInfoJava(), t.name());
                assertArrayEquals(reference.shapeInfoDataBuffer().asLong(), a.shapeInfoDataBuffer().asLong(), t.name());
                assertEquals(t, a.dataType());
                assertEquals('c', a.ordering());
                assertFalse(a.isView());
            }
            assertNotSame(first.data(), second.data());
            first.assign(1.0);
            second.assign(2.0);
            assertEquals(16 * 3, first.sumNumber().doubleValue(), 0.0, "writing the second leaves the first alone");
            assertEquals(2 * 16 * 3, second.sumNumber().doubleValue(), 0.0);
            assertEquals(3.0, first.add(second).getDouble(15, 2), 0.0);
            assertEquals(2.0, second.reshape(3, 16).getDouble(2, 15), 0.0);
            assertArrayEquals(new long[] {3, 16}, second.transpose().shape());
            assertEquals(2.0, second.castTo(DataType.HALF).getDouble(0, 0), 0.0);
            assertEquals(2.0, second.dup().getDouble(7, 1), 0.0);
        }
    }

    @Test
    void anotherShapeOrTypeGetsItsOwnShapeInformation() {
        FreshArrays f = new FreshArrays();
        f.create(DataType.FLOAT, 16, 1);
        f.create(DataType.FLOAT, 16, 1);
        INDArray other = f.create(DataType.FLOAT, 5, 2);
        assertArrayEquals(new long[] {5, 2}, other.shape());
        INDArray wide = f.create(DataType.DOUBLE, 5, 2);
        assertEquals(DataType.DOUBLE, wide.dataType());
        INDArray again = f.create(DataType.DOUBLE, 5, 2);
        assertArrayEquals(new long[] {5, 2}, again.shape());
        assertArrayEquals(new long[] {2, 1}, again.stride());
        again.putScalar(4, 1, 6.5);
        assertEquals(6.5, again.getDouble(9), 0.0);
    }
}
