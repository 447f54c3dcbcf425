package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link HostWeights} gives the array's values widened to double, and after any change of any bit (a NaN
 * payload included) the new values; a row view and a double array read the same way.
 */
class HostWeightsTest {
    private static void assertRows(INDArray a, double[][] rows, int r, int c) {
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                assertEquals(Double.doubleToRawLongBits(a.getDouble(i, j)), Double.doubleToRawLongBits(rows[i][j]), i + "," + j);
            }
        }
    }

    @Test
    void followsEveryBitOfTheArray() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 5, 7);
        HostWeights h = new HostWeights();
        double[][] rows = h.rows(a, 5, 7);
        assertRows(a, rows, 5, 7);
        assertSame(rows, h.rows(a, 5, 7), "the same arrays while unchanged");
        a.putScalar(4, 6, -0.0);
        assertRows(a, h.rows(a, 5, 7), 5, 7);
        a.data().put(2 * 7 + 3, Float.intBitsToFloat(0x7fc00001));   // a NaN
        double[][] nan1 = h.rows(a, 5, 7);
        long bits1 = Double.doubleToRawLongBits(nan1[2][3]);
        a.data().put(2 * 7 + 3, Float.intBitsToFloat(0x7fc00002));   // another NaN payload
        long bits2 = Double.doubleToRawLongBits(h.rows(a, 5, 7)[2][3]);
        assertEquals(Double.doubleToRawLongBits((double) Float.intBitsToFloat(0x7fc00002)), bits2);
        assertEquals(false, bits1 == bits2, "a NaN payload change is a change");
    }

    @Test
    void readsDoubleArraysRowViewsAndVectors() {
        INDArray d = Nd4j.rand(DataType.DOUBLE, 4, 3);
        HostWeights h = new HostWeights();
        assertRows(d, h.rows(d, 4, 3), 4, 3);
        d.putScalar(1, 2, 42.0);
        assertRows(d, h.rows(d, 4, 3), 4, 3);
        INDArray m = Nd4j.rand(DataType.FLOAT, 6, 3);
        INDArray view = m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertRows(view, h.rows(view, 3, 3), 3, 3);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 9);
        double[] v = new HostWeights().vector(b, 9);
        for (int j = 0; j < 9; j++) {
            assertEquals(b.getDouble(0, j), v[j], 0.0);
        }
    }

    @Test
    void comparesTheViewedElementsOnlyAtTheirOffsetInFloatAndDouble() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = Nd4j.rand(t, 8, 5);
            INDArray view = m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 6), org.nd4j.linalg.indexing.NDArrayIndex.all());
            HostWeights h = new HostWeights();
            double[][] rows = h.rows(view, 3, 5);
            assertRows(view, rows, 3, 5);
            m.putScalar(0, 0, 7.0);   // before the view
            m.putScalar(7, 4, 7.0);   // after it
            assertSame(rows, h.rows(view, 3, 5));
            assertRows(view, rows, 3, 5);
            m.putScalar(5, 4, 9.0);   // the view's last element
            assertRows(view, h.rows(view, 3, 5), 3, 5);
            assertEquals(9.0, h.rows(view, 3, 5)[2][4], 0.0, t.name());
            m.putScalar(3, 0, 11.0);  // its first
            assertEquals(11.0, h.rows(view, 3, 5)[0][0], 0.0, t.name());
        }
    }
}
