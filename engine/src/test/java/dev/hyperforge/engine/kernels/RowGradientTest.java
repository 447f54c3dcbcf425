package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Embedding;

/** Row-wise gradients: the dense form, mixing with dense contributions, and row updates on several threads. */
class RowGradientTest {
    private static Param embeddingParam(int vocab, int dim, DataType dt) {
        Embedding e = new Embedding(vocab, dim);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(1), dt));
        return e.params().get(0);
    }

    private static INDArray ids(int... v) {
        return Nd4j.createFromArray(v);
    }

    @Test
    void denseFormSumsRepeatedIdsAndSharedCalls() {
        Param p = embeddingParam(5, 2, DataType.DOUBLE);
        p.clearGrad();
        p.accumulateRows(ids(1, 3, 1), Nd4j.create(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        p.accumulateRows(ids(3), Nd4j.create(new double[][] {{0.5, 0.25}}));
        assertNotNull(p.rowGradient());
        INDArray g = p.grad();
        assertNull(p.rowGradient(), "asking for the dense form turns the gradient dense");
        double[][] expected = {{0, 0}, {6, 8}, {0, 0}, {3.5, 4.25}, {0, 0}};
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 2; c++) {
                assertEquals(expected[r][c], g.getDouble(r, c), 1e-12, "row " + r);
            }
        }
    }

    @Test
    void rowAndDenseContributionsAddUpInEitherOrder() {
        for (boolean rowsFirst : new boolean[] {true, false}) {
            Param p = embeddingParam(3, 2, DataType.DOUBLE);
            p.clearGrad();
            INDArray dense = Nd4j.ones(DataType.DOUBLE, 3, 2);
            if (rowsFirst) {
                p.accumulateRows(ids(2), Nd4j.create(new double[][] {{1, 1}}));
                p.accumulate(dense);
            } else {
                p.accumulate(dense);
                p.accumulateRows(ids(2), Nd4j.create(new double[][] {{1, 1}}));
            }
            assertNull(p.rowGradient());
            assertEquals(2.0, p.grad().getDouble(2, 1), 1e-12);
            assertEquals(1.0, p.grad().getDouble(0, 0), 1e-12);
        }
        Param q = embeddingParam(3, 2, DataType.DOUBLE);
        q.accumulateRows(ids(0), Nd4j.create(new double[][] {{1, 1}}));
        q.clearGrad();
        assertNull(q.rowGradient());
        assertNull(q.grad());
    }

    @Test
    void rejectsRowsThatDoNotFit() {
        Param p = embeddingParam(3, 2, DataType.DOUBLE);
        assertThrows(IllegalArgumentException.class, () -> p.accumulateRows(ids(0, 1), Nd4j.create(new double[][] {{1, 1, 1}, {1, 1, 1}})));
        assertThrows(IllegalArgumentException.class, () -> p.accumulateRows(ids(0), Nd4j.create(new double[][] {{1, 1}, {1, 1}})));
    }

    @Test
    void updateVisitsEachTouchedRowOnceWithItsSumWhateverTheThreadCount() {
        INDArray viaDoubles = updateOnOneAndTwoThreads(false);
        INDArray viaFloats = updateOnOneAndTwoThreads(true);
        assertTrue(viaDoubles.equalsWithEps(viaFloats, 1e-5), "the float path gives the double path's result up to float rounding");
    }

    @Test
    void floatPathRefusesNonFloatArrays() {
        Param p = embeddingParam(3, 2, DataType.DOUBLE);
        p.accumulateRows(ids(1), Nd4j.create(new double[][] {{1, 1}}));
        assertTrue(!p.rowGradient().isFloat(p.value()));
        assertThrows(IllegalArgumentException.class, () -> p.rowGradient().updateFloat(new INDArray[] {p.value()}, (row, grad, t) -> { }));
    }

    /** Row updates {@code w -= g} through {@link RowGradient#update} or {@link RowGradient#updateFloat}; the weights after. */
    private static INDArray updateOnOneAndTwoThreads(boolean floatPath) {
        int vocab = 300;
        int dim = 16;
        SplittableRandom r = new SplittableRandom(4);
        int[] tokens = new int[2000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = r.nextInt(3) == 0 ? 7 : r.nextInt(vocab / 2) * 2;   // only even rows, row 7 often
        }
        INDArray grads = LayerChecks.randomDouble(5, tokens.length, dim).castTo(DataType.FLOAT);
        INDArray[] results = new INDArray[2];
        for (int threads = 1; threads <= 2; threads++) {
            Param p = embeddingParam(vocab, dim, DataType.FLOAT);
            INDArray before = p.value().dup();
            p.clearGrad();
            p.accumulateRows(Nd4j.createFromArray(tokens), grads);
            INDArray dense = p.rowGradient() == null ? null : denseCopy(p);
            Parallel.setThreads(threads);
            try {
                int[] visits = new int[vocab];
                if (floatPath) {
                    assertTrue(p.rowGradient().isFloat(p.value()));
                    p.rowGradient().updateFloat(new INDArray[] {p.value()}, (row, grad, t) -> {
                        visits[row]++;
                        for (int j = 0; j < grad.length; j++) {
                            t[0][j] -= grad[j];
                        }
                    });
                } else {
                    p.rowGradient().update(new INDArray[] {p.value()}, (row, grad, t) -> {
                        visits[row]++;
                        for (int j = 0; j < grad.length; j++) {
                            t[0][j] -= grad[j];
                        }
                    });
                }
                for (int v = 0; v < vocab; v++) {
                    boolean touched = v == 7 || (v % 2 == 0 && dense.getRow(v).norm1Number().doubleValue() > 0);
                    assertEquals(touched ? 1 : 0, visits[v], "visits of row " + v);
                }
            } finally {
                Parallel.setThreads(0);
            }
            INDArray expected = before.sub(dense);
            assertTrue(expected.equalsWithEps(p.value(), 1e-5), "row updates equal the dense update, " + threads + " thread(s)");
            results[threads - 1] = p.value();
        }
        assertEquals(results[0], results[1], "identical results on one and two threads");
        return results[0];
    }

    /** The dense form of p's row gradient, leaving p's row gradient in place. */
    private static INDArray denseCopy(Param p) {
        INDArray d = Nd4j.zeros(p.value().dataType(), p.value().shape());
        RowGradient g = p.rowGradient();
        g.scatterInto(d);
        return d;
    }
}
