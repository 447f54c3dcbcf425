package dev.hyperforge.engine.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;

class BatchNormalizationTest {
    private static final double[][] X = {{1, 2}, {3, 6}, {5, 10}};
    private static final double[] GAMMA = {2, 0.5};
    private static final double[] BETA = {1, -1};

    private static BatchNormalization fixed() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(List.of(Shape.batchOf(2)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        bn.params().get(0).value().assign(Nd4j.create(GAMMA));
        bn.params().get(1).value().assign(Nd4j.create(BETA));
        return bn;
    }

    private static void randomiseGammaBeta(Layer bn) {
        for (Param p : bn.params()) {
            if (p.trainable()) {
                p.value().assign(LayerChecks.randomDouble(p.name().hashCode(), p.value().shape()).addi(1.5));
            }
        }
    }

    @Test
    void contractOnRank2AndRank3Inputs() {
        for (int rank = 2; rank <= 3; rank++) {
            BatchNormalization bn = new BatchNormalization().named("bn" + rank);
            List<INDArray> x = List.of(rank == 2 ? LayerChecks.randomDouble(1, 6, 3) : LayerChecks.randomDouble(2, 2, 3, 4));
            LayerChecks.buildDouble(bn, x, 1);
            randomiseGammaBeta(bn);
            bn.params().get(3).value().assign(Nd4j.create(rank == 2 ? new double[] {0.5, 2, 1.5} : new double[] {0.5, 2, 1.5, 3}));
            LayerChecks.assertOutputShape(bn, x);
            LayerChecks.assertConfigRoundTrip(bn);
            LayerChecks.assertGradients(bn, x, new boolean[] {true}, true);
            LayerChecks.assertGradients(bn, x, new boolean[] {true}, false);
        }
    }

    @Test
    void withoutCenterAndScaleOnlyMovingStatisticsRemain() {
        BatchNormalization bn = new BatchNormalization(-1, 0.9, 1e-5, false, false);
        List<INDArray> x = List.of(LayerChecks.randomDouble(3, 5, 2));
        LayerChecks.buildDouble(bn, x, 1);
        assertEquals(List.of("moving_mean", "moving_variance"), bn.params().stream().map(Param::name).toList());
        LayerChecks.assertConfigRoundTrip(bn);
        LayerChecks.assertGradients(bn, x, new boolean[] {true}, true);
    }

    @Test
    void paramsInKerasOrderWithMovingStatisticsNotTrainable() {
        BatchNormalization bn = fixed();
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), bn.params().stream().map(Param::name).toList());
        assertEquals(List.of(true, true, false, false), bn.params().stream().map(Param::trainable).toList());
        assertEquals(8, bn.paramCount());
    }

    @Test
    void oneStepLowersLoss() {
        LayerChecks.assertOneStepLowersLoss(t -> new BatchNormalization().call(new Dense(8, "relu").call(t)), DType.FLOAT32, 0, 5);
    }

    @Test
    void knownAnswerInTrainingUsesBatchStatistics() {
        INDArray out = fixed().forward(List.of(Nd4j.create(X)), new LayerContext(true, new SplittableRandom(0)));
        for (int j = 0; j < 2; j++) {
            double mean = (X[0][j] + X[1][j] + X[2][j]) / 3;
            double var = (sq(X[0][j] - mean) + sq(X[1][j] - mean) + sq(X[2][j] - mean)) / 3; // biased, as Keras
            for (int i = 0; i < 3; i++) {
                double expected = GAMMA[j] * (X[i][j] - mean) / Math.sqrt(var + 1e-3) + BETA[j];
                assertEquals(expected, out.getDouble(i, j), 1e-9);
            }
        }
        // by hand: column 0 has mean 3, variance 8/3, so row 0 is 2 * (1 - 3) / sqrt(8/3 + 0.001) + 1
        assertEquals(2 * -2 / Math.sqrt(8.0 / 3 + 0.001) + 1, out.getDouble(0, 0), 1e-9);
    }

    @Test
    void movingStatisticsAfterOneTrainingForward() {
        BatchNormalization bn = fixed();
        bn.forward(List.of(Nd4j.create(X)), new LayerContext(true, new SplittableRandom(0)));
        // batch mean (3, 6), biased variance (8/3, 32/3); initial moving mean 0, variance 1; momentum 0.99
        assertEquals(0 * 0.99 + 3 * 0.01, bn.params().get(2).value().getDouble(0), 1e-12);
        assertEquals(0 * 0.99 + 6 * 0.01, bn.params().get(2).value().getDouble(1), 1e-12);
        assertEquals(1 * 0.99 + 8.0 / 3 * 0.01, bn.params().get(3).value().getDouble(0), 1e-12);
        assertEquals(1 * 0.99 + 32.0 / 3 * 0.01, bn.params().get(3).value().getDouble(1), 1e-12);
    }

    @Test
    void inferenceUsesMovingStatisticsAndLeavesThemAlone() {
        BatchNormalization bn = fixed();
        double[] mm = {1, 2};
        double[] mv = {4, 9};
        bn.params().get(2).value().assign(Nd4j.create(mm));
        bn.params().get(3).value().assign(Nd4j.create(mv));
        INDArray out = bn.forward(List.of(Nd4j.create(X)), new LayerContext(false, new SplittableRandom(0)));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(GAMMA[j] * (X[i][j] - mm[j]) / Math.sqrt(mv[j] + 1e-3) + BETA[j], out.getDouble(i, j), 1e-9);
            }
        }
        assertEquals(Nd4j.create(mm), bn.params().get(2).value());
        assertEquals(Nd4j.create(mv), bn.params().get(3).value());
    }

    @Test
    void floatInputGivesFloatOutput() {
        BatchNormalization bn = new BatchNormalization();
        bn.build(List.of(Shape.batchOf(4, 3)), new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        INDArray x = LayerChecks.randomDouble(4, 2, 4, 3).castTo(DataType.FLOAT);
        LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
        INDArray out = bn.forward(List.of(x), ctx);
        assertEquals(DataType.FLOAT, out.dataType());
        assertTrue(Math.abs(out.meanNumber().doubleValue()) < 1e-5);
        assertEquals(DataType.FLOAT, bn.backward(out.dup(), ctx).get(0).dataType());
    }

    @Test
    void shapeErrorsNameTheLayer() {
        var r1 = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormalization().named("bn").outputShape(List.of(Shape.of(Shape.UNKNOWN))));
        assertEquals("BatchNormalization 'bn' expects input of rank >= 2, received (None,)", r1.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormalization().named("bn").outputShape(List.of(Shape.batchOf(Shape.UNKNOWN))));
        assertTrue(unknown.getMessage().startsWith("BatchNormalization 'bn' expects a known last dimension"), unknown.getMessage());
        var axis = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormalization(1, 0.99, 1e-3, true, true).named("bn").outputShape(List.of(Shape.batchOf(5, 4))));
        assertEquals("BatchNormalization 'bn' normalises the last axis only (axis -1, channels last), received axis 1 for input (None, 5, 4)",
                axis.getMessage());
        assertEquals(Shape.batchOf(5, 4), new BatchNormalization(2, 0.99, 1e-3, true, true).outputShape(List.of(Shape.batchOf(5, 4))));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(-1, 1.5, 1e-3, true, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(-1, 0.9, 0, true, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization(0, 0.9, 1e-3, true, true));
    }

    private static double sq(double v) {
        return v * v;
    }
}
