package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.layers.LayerChecks;

/** Column arrays against a plain loop, for both copy paths, both types and several thread counts. */
class ColumnsTest {
    /** cols[(b, h, w), (i, j, c)] = src[b, h + i·tapH + shiftH, w + j·tapW + shiftW, c] or 0, by plain loops. */
    private static INDArray reference(INDArray src, Columns.Layout l) {
        int batch = (int) src.size(0);
        int srcH = (int) src.size(1);
        int srcW = (int) src.size(2);
        int ch = (int) src.size(3);
        double[] x = src.dup('c').castTo(DataType.DOUBLE).data().asDouble();
        int width = l.kh() * l.kw() * ch;
        double[] cols = new double[batch * l.rowsH() * l.rowsW() * width];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < l.rowsH(); h++) {
                for (int w = 0; w < l.rowsW(); w++) {
                    int row = (b * l.rowsH() + h) * l.rowsW() + w;
                    for (int i = 0; i < l.kh(); i++) {
                        for (int j = 0; j < l.kw(); j++) {
                            int sh = h + i * l.tapH() + l.shiftH();
                            int sw = w + j * l.tapW() + l.shiftW();
                            if (sh < 0 || sh >= srcH || sw < 0 || sw >= srcW) {
                                continue;
                            }
                            for (int c = 0; c < ch; c++) {
                                cols[row * width + (i * l.kw() + j) * ch + c] = x[((b * srcH + sh) * srcW + sw) * ch + c];
                            }
                        }
                    }
                }
            }
        }
        return Nd4j.create(cols, new long[] {(long) batch * l.rowsH() * l.rowsW(), width}, 'c').castTo(src.dataType());
    }

    @Test
    void fillEqualsThePlainLoopOnAnyThreadCount() {
        // forward columns of a same-padded 3x2 window, and the full-correlation columns of an output gradient
        Columns.Layout[] layouts = {new Columns.Layout(5, 4, 3, 2, 1, 1, -1, 0), new Columns.Layout(5, 4, 3, 2, -1, -1, 1, 1),
            Columns.Layout.of1d(4, 3, 2, -1)};
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int ch : new int[] {1, 3, 17}) {   // below and from 16 channels: Java-array and native-copy paths
                for (Columns.Layout l : layouts) {
                    int srcH = l.kh() == 1 ? 1 : 5;
                    // enough rows for Parallel.forRows to split them (it keeps small work on one thread)
                    int batch = 300_000 / (l.rowsH() * l.rowsW() * l.kh() * l.kw() * ch) + 1;
                    INDArray src = LayerChecks.randomDouble(ch, batch, srcH, 4, ch).castTo(dt);
                    INDArray expected = reference(src, l);
                    assertTrue(expected.length() >= Parallel.MIN_PARALLEL_WORK, "large enough to be split");
                    for (int threads : new int[] {1, 2, 3}) {
                        Parallel.setThreads(threads);
                        try {
                            INDArray cols = Nd4j.rand(dt, expected.shape());   // stale content must not survive
                            Columns.fill(src, cols, l);
                            assertEquals(expected, cols, dt + ", " + ch + " channels, " + l + ", " + threads + " thread(s)");
                        } finally {
                            Parallel.setThreads(0);
                        }
                    }
                }
            }
        }
    }

    @Test
    void viewsAreReadFromTheirOwnElementsAndMisfitsAreRejected() {
        INDArray big = LayerChecks.randomDouble(4, 3, 1, 6, 17).castTo(DataType.FLOAT);
        INDArray view = big.get(NDArrayIndex.interval(1, 3));
        Columns.Layout l = Columns.Layout.of1d(6, 2, 1, 0);
        INDArray cols = Nd4j.create(DataType.FLOAT, 12, 34);
        Columns.fill(view, cols, l);
        assertEquals(reference(view.dup('c'), l), cols, "a row view with an offset");
        assertThrows(IllegalArgumentException.class, () -> Columns.fill(view, Nd4j.create(DataType.FLOAT, 12, 33), l));
    }
}
