package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;

/**
 * The per-entry batched product against libnd4j's rank-3 {@code matmul}: the same values within float (or
 * double) rounding for every transposition and odd shapes, the same bits on every call with kept or rebuilt
 * contexts, the same bits with the entries split over threads or run in turn, and exactly the former bits
 * when turned off.
 */
class BatchedMatMulTest {
    private static final int[][] SHAPES = {{200, 32, 200}, {200, 200, 32}, {7, 5, 3}, {1, 16, 1}, {33, 70, 17}};

    private static INDArray operand(long seed, DataType dt, boolean transpose, int batch, int rows, int cols) {
        return LayerChecks.randomDouble(seed, transpose ? new long[] {batch, cols, rows} : new long[] {batch, rows, cols}).castTo(dt);
    }

    private static double[] values(INDArray x) {
        return x.dup().data().asDouble();
    }

    @Test
    void agreesWithTheRankThreeProductForEveryTranspositionAndType() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int[] s : SHAPES) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0;
                    boolean tb = (t & 2) != 0;
                    INDArray a = operand(1, dt, ta, 3, s[0], s[1]);
                    INDArray b = operand(2, dt, tb, 3, s[1], s[2]);
                    INDArray expected = AttentionMath.bmm(a, b, ta, tb, Nd4j.create(dt, 3, s[0], s[2]));
                    INDArray actual = new BatchedMatMul().multiply(a, b, ta, tb, Nd4j.create(dt, 3, s[0], s[2]));
                    double tol = (dt == DataType.FLOAT ? 1e-5 : 1e-12) * s[1];
                    assertArrayEquals(values(expected), values(actual), tol, dt + " " + java.util.Arrays.toString(s) + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void repeatsItsBitsWithKeptAndRebuiltContexts() {
        INDArray a = operand(3, DataType.FLOAT, false, 4, 50, 32);
        INDArray b = operand(4, DataType.FLOAT, true, 4, 32, 50);
        BatchedMatMul product = new BatchedMatMul();
        INDArray first = product.multiply(a, b, false, true, Nd4j.create(DataType.FLOAT, 4, 50, 50)).dup();
        INDArray out = Nd4j.create(DataType.FLOAT, 4, 50, 50);
        for (int i = 0; i < BatchedMatMul.KEPT + 2; i++) {
            product.multiply(a, b, false, true, i % 2 == 0 ? out : Nd4j.create(DataType.FLOAT, 4, 50, 50));
        }
        product.multiply(a, b, false, true, out);
        assertArrayEquals(first.data().asFloat(), out.data().asFloat(), 0f);
        a.muli(2);   // the kept contexts read the arrays' current contents
        product.multiply(a, b, false, true, out);
        assertArrayEquals(first.mul(2).data().asFloat(), out.data().asFloat(), 1e-5f);
        product.clear();
    }

    @Test
    void turnedOffItGivesTheRankThreeBitsAndCountsNoCall() {
        INDArray a = operand(5, DataType.FLOAT, false, 2, 40, 24);
        INDArray b = operand(6, DataType.FLOAT, false, 2, 24, 30);
        INDArray expected = AttentionMath.bmm(a, b, false, false, Nd4j.create(DataType.FLOAT, 2, 40, 30));
        boolean was = BatchedMatMul.setEnabled(false);
        long calls = BatchedMatMul.fastCalls();
        try {
            INDArray off = new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 2, 40, 30));
            assertArrayEquals(expected.data().asFloat(), off.data().asFloat(), 0f);
            assertEquals(calls, BatchedMatMul.fastCalls());
        } finally {
            BatchedMatMul.setEnabled(was);
        }
        INDArray on = new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 2, 40, 30));
        assertTrue(BatchedMatMul.fastCalls() > calls, "the per-entry path ran");
        assertArrayEquals(expected.data().asFloat(), on.data().asFloat(), 1e-5f);
    }

    @Test
    void splitOverThreadsItGivesTheBitsOfTheEntriesInTurn() {
        // S7's shapes, with an odd entry count: each thread gets its own share of entries on one OpenMP thread
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            INDArray a = operand(11, DataType.FLOAT, ta, 9, 200, 32);
            INDArray b = operand(12, DataType.FLOAT, tb, 9, 32, 200);
            Parallel.setThreads(1);
            INDArray inTurn;
            try {
                inTurn = new BatchedMatMul().multiply(a, b, ta, tb, Nd4j.create(DataType.FLOAT, 9, 200, 200));
            } finally {
                Parallel.setThreads(0);
            }
            Parallel.setThreads(3);
            try {
                INDArray split = new BatchedMatMul().multiply(a, b, ta, tb, Nd4j.create(DataType.FLOAT, 9, 200, 200));
                assertArrayEquals(bits(inTurn), bits(split), "ta=" + ta + " tb=" + tb);
            } finally {
                Parallel.setThreads(0);
            }
        }
    }

    @Test
    void turnedOffTheSplitGivesTheSameBits() {
        INDArray a = operand(13, DataType.FLOAT, false, 6, 200, 200);
        INDArray b = operand(14, DataType.FLOAT, false, 6, 200, 32);
        Parallel.setThreads(2);
        boolean was = BatchedMatMul.setSplit(false);
        try {
            INDArray off = new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 6, 200, 32));
            BatchedMatMul.setSplit(true);
            INDArray on = new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 6, 200, 32));
            assertArrayEquals(bits(off), bits(on));
        } finally {
            BatchedMatMul.setSplit(was);
            Parallel.setThreads(0);
        }
    }

    private static int[] bits(INDArray x) {
        float[] v = x.data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void mismatchedShapesFailWithAMessage() {
        INDArray a = operand(9, DataType.FLOAT, false, 2, 4, 3);
        INDArray b = operand(10, DataType.FLOAT, false, 2, 5, 6);
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 2, 4, 6)));
        assertTrue(e.getMessage().contains("[2, 4, 3] x [2, 5, 6]"), e.getMessage());
    }

    @Test
    void aViewTakesTheRankThreeProduct() {
        INDArray whole = operand(7, DataType.FLOAT, false, 2, 10, 16);
        INDArray a = whole.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 8));
        INDArray b = operand(8, DataType.FLOAT, false, 2, 8, 5);
        INDArray expected = AttentionMath.bmm(a.dup('c'), b, false, false, Nd4j.create(DataType.FLOAT, 2, 10, 5));
        INDArray actual = new BatchedMatMul().multiply(a, b, false, false, Nd4j.create(DataType.FLOAT, 2, 10, 5));
        assertArrayEquals(expected.data().asFloat(), actual.data().asFloat(), 1e-5f);
    }
}
