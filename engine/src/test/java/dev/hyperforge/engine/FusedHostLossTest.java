package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.losses.CategoricalCrossentropy;
import dev.hyperforge.engine.losses.SparseCategoricalCrossentropy;
import dev.hyperforge.engine.metrics.Metric;
import dev.hyperforge.engine.metrics.Metrics;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * The Java path of a softmax output's fused cross-entropy (numerics V6, {@link CategoricalCrossentropy#hostSumFromLogits})
 * against the op path (its loss sum and logits' gradient within float rounding, large logits and ties included),
 * its targets (sparse ids: the op's error for an id out of range, the op path for ids that are not whole numbers),
 * the accuracy in Java against the metric's op ({@link Metrics#hostArgMaxHits}, ties and NaN), and the level gate:
 * V5 trains as before, V6 takes the path.
 */
class FusedHostLossTest {
    private static final int ROWS = 37;
    private static final int COLS = 10;

    private static double[] read(INDArray a) {
        return a.castTo(DataType.DOUBLE).data().asDouble();
    }

    private static INDArray logits(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 30 : 2));
        }
        for (int j = 0; j < COLS; j++) {
            v[COLS + j] = 1.5f;   // a row of ties
        }
        return Nd4j.create(v, new long[] {ROWS, COLS}, 'c');
    }

    private static INDArray ids(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[ROWS];
        for (int i = 0; i < ROWS; i++) {
            v[i] = r.nextInt(COLS);
        }
        return Nd4j.create(v, new long[] {ROWS, 1}, 'c');
    }

    private static void assertClose(CategoricalCrossentropy loss, INDArray z, INDArray y, double weight) {
        double[] t = new double[ROWS * COLS];
        assertTrue(loss.hostTargets(y, ROWS, COLS, DataType.FLOAT, t));
        double[] g = new double[ROWS * COLS];
        double sum = loss.hostSumFromLogits(read(z), t, ROWS, COLS, g, weight);
        double opSum = loss.perSampleFromLogits(z, y).sumNumber().doubleValue();
        assertEquals(opSum, sum, 1e-6 * Math.abs(opSum), loss.name() + ": loss sum");
        double[] op = read(loss.gradientFromLogits(z, y).muli(weight));
        for (int k = 0; k < op.length; k++) {
            assertEquals(op[k], g[k], 1e-6 * Math.abs(weight) / ROWS + 1e-6 * Math.abs(op[k]), loss.name() + ": gradient " + k);
        }
    }

    @Test
    void lossAndGradientMatchTheOps() {
        Backend.init();
        INDArray z = logits(1);
        assertClose(new SparseCategoricalCrossentropy(), z, ids(2), 1.0);
        assertClose(new SparseCategoricalCrossentropy(), z, ids(3), 0.25);
        INDArray soft = Nd4j.rand(DataType.FLOAT, ROWS, COLS);
        assertClose(new CategoricalCrossentropy(), z, soft, 1.0);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, ROWS, COLS);
        double[] id = read(ids(4));
        for (int i = 0; i < ROWS; i++) {
            oneHot.putScalar(i, (int) id[i], 1f);
        }
        assertClose(new CategoricalCrossentropy(), z, oneHot, 2.0);
    }

    @Test
    void sparseTargetsAsTheOpReadsThem() {
        Backend.init();
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy();
        double[] t = new double[ROWS * COLS];
        INDArray bad = ids(5).putScalar(7, 0, COLS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.hostTargets(bad, ROWS, COLS, DataType.FLOAT, t));
        IllegalArgumentException op = assertThrows(IllegalArgumentException.class, () -> loss.perSampleFromLogits(logits(1), bad));
        assertEquals(op.getMessage(), e.getMessage());
        assertFalse(loss.hostTargets(ids(5).putScalar(3, 0, 2.5), ROWS, COLS, DataType.FLOAT, t), "not a whole number: the op path");
        assertFalse(new CategoricalCrossentropy().hostTargets(ids(5), ROWS, COLS, DataType.FLOAT, t), "a target per row is not one-hot");
    }

    @Test
    void accuracyMatchesTheMetricsOps() {
        Backend.init();
        INDArray p = logits(6);
        p.putScalar(5, 3, p.getDouble(5, 7) + 100);
        p.putScalar(5, 8, p.getDouble(5, 3));        // a tie at the maximum
        INDArray y = ids(7).putScalar(5, 0, 8);
        SparseCategoricalCrossentropy sparse = new SparseCategoricalCrossentropy();
        double[] t = new double[ROWS * COLS];
        assertTrue(sparse.hostTargets(y, ROWS, COLS, DataType.FLOAT, t));
        Metric sm = Metrics.of("accuracy", sparse);
        assertEquals(sm.sum(p, y), Metrics.hostArgMaxHits(sm, read(p), t, ROWS, COLS));
        y.putScalar(5, 0, 3);
        assertTrue(sparse.hostTargets(y, ROWS, COLS, DataType.FLOAT, t));
        assertEquals(sm.sum(p, y), Metrics.hostArgMaxHits(sm, read(p), t, ROWS, COLS));
        INDArray soft = Nd4j.rand(DataType.FLOAT, ROWS, COLS);
        soft.putScalar(2, 4, 2f);
        soft.putScalar(2, 6, 2f);                    // a tie in the targets
        Metric cm = Metrics.of("accuracy", new CategoricalCrossentropy());
        assertEquals(cm.sum(p, soft), Metrics.hostArgMaxHits(cm, read(p), read(soft), ROWS, COLS));
        double[] withNaN = read(p);
        withNaN[13] = Double.NaN;
        assertTrue(Double.isNaN(Metrics.hostArgMaxHits(cm, withNaN, read(soft), ROWS, COLS)));
    }

    /** Three steps of a small softmax model; the losses. */
    private static double[] train(Numerics level) {
        Numerics was = Numerics.set(level);
        try {
            Tensor x = Input.of("x", 6);
            Model m = new Model("head", List.of(x), List.of(new Dense(COLS, "softmax").call(new Dense(8, "relu").call(x))), 11L);
            m.compile(new RMSprop(1e-2), "sparse_categorical_crossentropy", "accuracy");
            INDArray in = Nd4j.rand(DataType.FLOAT, ROWS, 6);
            Nd4j.getRandom().setSeed(3);
            double[] losses = new double[3];
            for (int s = 0; s < 3; s++) {
                losses[s] = m.trainOnBatch(in, ids(8)).get("loss");
            }
            return losses;
        } finally {
            Numerics.set(was);
        }
    }

    @Test
    void levelSixTakesTheJavaPathAndLevelFiveDoesNot() {
        Backend.init();
        long before = CategoricalCrossentropy.hostPassesTaken();
        Nd4j.getRandom().setSeed(3);
        double[] v5 = train(Numerics.V5);
        assertEquals(before, CategoricalCrossentropy.hostPassesTaken(), "V5 keeps the ops");
        Nd4j.getRandom().setSeed(3);
        double[] v5again = train(Numerics.V5);
        Nd4j.getRandom().setSeed(3);
        double[] v6 = train(Numerics.V6);
        assertEquals(before + 3, CategoricalCrossentropy.hostPassesTaken(), "V6 takes the Java path each step");
        boolean differs = false;
        for (int s = 0; s < 3; s++) {
            assertEquals(Double.doubleToRawLongBits(v5[s]), Double.doubleToRawLongBits(v5again[s]));
            assertEquals(v5[s], v6[s], 1e-5 * Math.abs(v5[s]));
            differs |= v5[s] != v6[s];
        }
        assertTrue(differs, "V6's loss is rounded once, V5's op by op");
    }
}
