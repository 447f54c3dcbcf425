package dev.hyperforge.engine.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.recurrent.LSTM;

class EmbeddingTest {
    @Test
    void contractWithRepeatedIds() {
        Embedding e = new Embedding(7, 3).named("words");
        // 20 ids over a vocabulary of 7: many repeats, which the scatter-add gradient must sum
        List<INDArray> ids = List.of(LayerChecks.randomIds(1, 7, 4, 5));
        LayerChecks.buildDouble(e, ids, 11);
        LayerChecks.assertOutputShape(e, ids);
        LayerChecks.assertConfigRoundTrip(e);
        LayerChecks.assertGradients(e, ids, new boolean[] {false}, true);
    }

    @Test
    void noGradientForTheIds() {
        Embedding e = new Embedding(5, 2);
        List<INDArray> ids = List.of(LayerChecks.randomIds(2, 5, 2, 3));
        LayerChecks.buildDouble(e, ids, 1);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = e.forward(ids, ctx);
        List<INDArray> g = e.backward(Nd4j.onesLike(out), ctx);
        assertEquals(1, g.size());
        assertNull(g.get(0));
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new LSTM(4).call(new Embedding(10, 4).call(t)), DType.INT32, 10, 6);
    }

    @Test
    void knownAnswerForIntAndFloatIds() {
        Embedding e = new Embedding(4, 2);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        e.params().get(0).value().assign(Nd4j.create(new double[][] {{0, 0.5}, {1, 1.5}, {2, 2.5}, {3, 3.5}}));
        double[][][] expected = {{{3, 3.5}, {0, 0.5}, {3, 3.5}}, {{1, 1.5}, {2, 2.5}, {1, 1.5}}};
        INDArray intIds = Nd4j.createFromArray(new int[][] {{3, 0, 3}, {1, 2, 1}});
        for (INDArray ids : List.of(intIds, intIds.castTo(DataType.FLOAT), intIds.castTo(DataType.DOUBLE))) {
            INDArray out = e.forward(List.of(ids), new LayerContext(false, new SplittableRandom(0)));
            assertArrayEquals(new long[] {2, 3, 2}, out.shape());
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 3; t++) {
                    for (int k = 0; k < 2; k++) {
                        assertEquals(expected[b][t][k], out.getDouble(b, t, k), 1e-12, ids.dataType() + " ids");
                    }
                }
            }
        }
    }

    @Test
    void scatterAddSumsManyRepeatedIds() {
        int vocab = 50;
        int dim = 8;
        Embedding e = new Embedding(vocab, dim);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        SplittableRandom r = new SplittableRandom(3);
        int batch = 64;
        int steps = 100;
        int[][] ids = new int[batch][steps];
        for (int[] row : ids) {
            for (int t = 0; t < steps; t++) {
                row[t] = r.nextInt(10) == 0 ? r.nextInt(vocab) : 7;   // id 7 repeated thousands of times
            }
        }
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = e.forward(List.of(Nd4j.createFromArray(ids)), ctx);
        INDArray g = LayerChecks.randomDouble(4, batch, steps, dim).castTo(DataType.FLOAT);
        e.params().get(0).clearGrad();
        e.backward(g, ctx);
        double[][] expected = new double[vocab][dim];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < dim; k++) {
                    expected[ids[b][t]][k] += g.getDouble(b, t, k);
                }
            }
        }
        INDArray grad = e.params().get(0).grad();
        for (int v = 0; v < vocab; v++) {
            for (int k = 0; k < dim; k++) {
                assertEquals(expected[v][k], grad.getDouble(v, k), 1e-3, "row " + v + " col " + k);
            }
        }
        assertEquals(DataType.FLOAT, out.dataType());
    }

    @Test
    void sharedCallsAddTheirGradients() {
        Embedding e = new Embedding(3, 2);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        e.params().get(0).clearGrad();
        for (int call = 0; call < 2; call++) {
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            e.forward(List.of(Nd4j.createFromArray(new int[][] {{1, 1}})), ctx);
            e.backward(Nd4j.ones(DataType.DOUBLE, 1, 2, 2), ctx);
        }
        assertEquals(4.0, e.params().get(0).grad().getDouble(1, 0), 1e-12);
        assertEquals(0.0, e.params().get(0).grad().getDouble(0, 0), 1e-12);
    }

    @Test
    void unknownStepsGiveUnknownSteps() {
        Shape out = new Embedding(100, 16).outputShape(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)));
        assertEquals("(None, None, 16)", out.toString());
    }

    /**
     * Float ids are read in Java on the float-table path: they must become the ints libnd4j's cast makes
     * (truncated toward zero; NaN and out-of-range values the smallest int), so the same ids pass, give the
     * same rows as the int ids, and the same id is named when one is outside the vocabulary.
     */
    @Test
    void floatIdsAreTruncatedAsTheCastTruncatesThem() {
        Embedding e = new Embedding(5, 3).named("words");
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        INDArray fractional = Nd4j.createFromArray(new float[][] {{2.7f, -0.5f, 4.999f}, {0.2f, 3f, 1.5f}});
        INDArray asInts = Nd4j.createFromArray(new int[][] {{2, 0, 4}, {0, 3, 1}});
        INDArray table = e.params().get(0).value();
        INDArray viaJava = e.forward(List.of(fractional), ctx).dup();
        assertEquals(e.forward(List.of(asInts), ctx), viaJava);
        assertEquals(table.getRow(4), viaJava.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(2),
                org.nd4j.linalg.indexing.NDArrayIndex.all()));
        for (float bad : new float[] {-1.5f, 5f, Float.NaN, 3e9f, Float.NEGATIVE_INFINITY}) {
            INDArray ids = Nd4j.createFromArray(new float[][] {{1f, bad, 2f}});
            int cast = ids.castTo(DataType.INT).getInt(0, 1);
            var ex = assertThrows(IllegalArgumentException.class, () -> e.forward(List.of(ids), ctx));
            assertTrue(ex.getMessage().contains("token id " + cast + " "), bad + ": " + ex.getMessage());
        }
    }

    @Test
    void idOutsideVocabularyNamesLayerIdAndSize() {
        Embedding e = new Embedding(10, 2).named("words");
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        for (int bad : new int[] {10, 57, -1}) {
            INDArray ids = Nd4j.createFromArray(new int[][] {{1, bad, 2}});
            var ex = assertThrows(IllegalArgumentException.class,
                    () -> e.forward(List.of(ids.castTo(DataType.FLOAT)), new LayerContext(false, new SplittableRandom(0))));
            String m = ex.getMessage();
            assertTrue(m.startsWith("Embedding 'words' "), m);
            assertTrue(m.contains("token id " + bad + " "), m);
            assertTrue(m.contains("input_dim 10"), m);
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(4, -1));
    }

    @Test
    void maskZeroMasksPaddingIdsAndRoundTrips() {
        Embedding e = new Embedding(5, 2, true).named("padded");
        List<INDArray> ids = List.of(Nd4j.createFromArray(new int[][] {{3, 1, 0, 0}, {2, 0, 4, 0}}));
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        e.forward(ids, ctx);
        INDArray mask = e.computeMask(ids, ctx);
        assertEquals(DataType.FLOAT, mask.dataType());
        assertEquals(Nd4j.create(new float[][] {{1, 1, 0, 0}, {1, 0, 1, 0}}), mask);
        assertTrue(e.supportsMasking());
        assertEquals(true, e.arguments().get("mask_zero"));
        LayerChecks.assertConfigRoundTrip(e);
        assertTrue(((Embedding) dev.hyperforge.engine.layers.LayerRegistry.fromConfig(e.config())).maskZero());
    }

    @Test
    void withoutMaskZeroNoMask() {
        Embedding e = new Embedding(5, 2);
        List<INDArray> ids = List.of(Nd4j.createFromArray(new int[][] {{3, 0}}));
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        LayerContext ctx = new LayerContext(false, new SplittableRandom(0));
        e.forward(ids, ctx);
        assertNull(e.computeMask(ids, ctx));
        assertTrue(!e.arguments().containsKey("mask_zero"));
    }
}
