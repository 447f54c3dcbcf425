package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.normalization.BatchNormalization;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * Prediction of a chain of small Dense layers without the executor ({@link SmallPredict}) gives the
 * executor's predictions bit for bit, sees the weights as training leaves them, and stands aside for
 * other graphs and for sizes beyond the Java path's limits.
 */
class SmallPredictTest {
    @AfterEach
    void restore() {
        SmallPredict.enabled = true;
        SmallKernels.setEnabled(true);
        SmallKernels.setLimits(SmallKernels.MAX_DENSE_WORK, SmallKernels.MAX_UPDATE_LENGTH);
    }

    private static INDArray random(long seed, DataType t, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, 'c').castTo(t);
    }

    private static Tensor[] chain(DType dtype) {
        Tensor in = Input.create("x", dtype, 13);
        Tensor h = new Dense(32, "relu").call(in);
        h = new Dropout(0.3).call(h);
        h = new Dense(8, "tanh").call(h);
        Tensor out = new Dense(3, "softmax").named("y").call(h);
        return new Tensor[] {in, out};
    }

    private static Model model(DType dtype) {
        Tensor[] t = chain(dtype);
        Model m = new Model("chain", List.of(t[0]), List.of(t[1]), 5L);
        m.compile(new RMSprop(1e-2), "sparse_categorical_crossentropy");
        return m;
    }

    private static INDArray bothWays(Model m, INDArray x, int batch, INDArray[] viaExecutor) {
        SmallPredict.enabled = false;
        viaExecutor[0] = m.predict(x, batch).get("y");
        SmallPredict.enabled = true;
        return m.predict(x, batch).get("y");
    }

    @Test
    void sameBitsAsTheExecutorInFloatAndDoubleInChunksAndAfterTraining() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            DataType t = dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
            Model m = model(dtype);
            INDArray x = random(1, t, 40, 13);
            INDArray[] exec = new INDArray[1];
            INDArray fast = bothWays(m, x, 16, exec);   // chunks of 16, 16 and 8 rows
            assertArrayEquals(new long[] {40, 3}, fast.shape());
            assertArrayEquals(exec[0].dup().data().asDouble(), fast.data().asDouble(), 0.0, dtype.name());
            INDArray before = fast.dup();
            INDArray y = Nd4j.create(new double[] {0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0, 1, 0, 2, 1}, new long[] {16, 1}, 'c').castTo(t);
            m.trainOnBatch(x.get(NDArrayIndex.interval(0, 16), NDArrayIndex.all()), y);
            fast = bothWays(m, x, 16, exec);
            assertArrayEquals(exec[0].dup().data().asDouble(), fast.data().asDouble(), 0.0, "after a step, " + dtype);
            assertNotEquals(before, fast);
            INDArray view = x.get(NDArrayIndex.interval(5, 12), NDArrayIndex.all());
            fast = bothWays(m, view, 256, exec);
            assertArrayEquals(exec[0].dup().data().asDouble(), fast.data().asDouble(), 0.0, "a row view, " + dtype);
        }
    }

    /**
     * The weights' host copies kept between predictions ({@code HostWeights}) follow every way the weights
     * change: a training step, {@code setWeights} and a caller's write of one
     * kernel element (which only a comparison of the bits sees); each prediction must equal the executor's
     * at that moment, bit for bit, and differ from the one before.
     */
    @Test
    void keptWeightsFollowEveryChangeOfTheWeights() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            DataType t = dtype == DType.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
            Model m = model(dtype);
            Model other = model(dtype);
            other.initializeWeights(99L);
            INDArray x = random(3, t, 16, 13);
            INDArray y = Nd4j.create(new double[] {0, 1, 2, 1, 0, 2, 2, 1, 0, 1, 2, 0, 1, 0, 2, 1}, new long[] {16, 1}, 'c').castTo(t);
            List<Node> nodes = graphOf(m).nodes();
            INDArray kernel = ((Dense) Graph.layerOf(nodes.get(nodes.size() - 1))).params().get(0).value();   // softmax: every output moves
            Runnable[] changes = {
                () -> m.trainOnBatch(x, y),
                () -> m.setWeights(other.getWeights()),
                () -> kernel.putScalar(3, 1, kernel.getDouble(3, 1) + 0.25),
            };
            INDArray[] exec = new INDArray[1];
            INDArray last = bothWays(m, x, 16, exec);
            for (int c = 0; c < changes.length; c++) {
                changes[c].run();
                INDArray fast = bothWays(m, x, 16, exec);
                assertArrayEquals(exec[0].dup().data().asDouble(), fast.data().asDouble(), 0.0, "change " + c + ", " + dtype);
                assertFalse(java.util.Arrays.equals(last.data().asDouble(), fast.data().asDouble()), "change " + c + " is seen, " + dtype);
                last = fast;
                INDArray again = m.predict(x, 16).get("y");
                assertArrayEquals(fast.data().asDouble(), again.data().asDouble(), 0.0, "unchanged weights, " + dtype);
            }
        }
    }

    private static Graph graphOf(Model m) {
        try {
            java.lang.reflect.Field f = Model.class.getDeclaredField("graph");
            f.setAccessible(true);
            return (Graph) f.get(m);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertNotEquals(INDArray a, INDArray b) {
        double[] x = a.data().asDouble();
        double[] y = b.data().asDouble();
        int same = 0;
        for (int i = 0; i < x.length; i++) {
            same += x[i] == y[i] ? 1 : 0;
        }
        assertEquals(0, same, "a training step changes every prediction");
    }

    @Test
    void takenOnlyForChainsOfDenseLayersWithinTheLimits() {
        Tensor[] t = chain(DType.FLOAT32);
        new Model("chain", List.of(t[0]), List.of(t[1]), 1L);
        SmallPredict p = SmallPredict.of(new Graph(List.of(t[0]), List.of(t[1])), DataType.FLOAT);
        assertNotNull(p);
        INDArray x = random(2, DataType.FLOAT, 16, 13);
        assertNotNull(p.predict(x, 16));
        assertNull(p.predict(x.castTo(DataType.DOUBLE), 16), "another type than the model's");
        SmallKernels.setLimits(16 * 13 * 32 - 1, SmallKernels.MAX_UPDATE_LENGTH);
        assertNull(p.predict(x, 16), "beyond the dense limit");
        assertNotNull(p.predict(x, 15), "chunks of 15 rows fit");
        SmallKernels.setEnabled(false);
        Model m = new Model("chain", List.of(t[0]), List.of(t[1]), 1L);
        assertArrayEquals(new long[] {16, 3}, m.predict(x, 16).get("y").shape(), "the op path when the Java path is off");

        Tensor a = Input.of("a", 4);
        Tensor b = Input.of("b", 4);
        Tensor out = new Dense(2).call(new Concatenate().call(a, b));
        assertNull(SmallPredict.of(new Graph(List.of(a, b), List.of(out)), DataType.FLOAT), "two inputs");
        Tensor in = Input.of("x", 4);
        Tensor bn = new Dense(2).call(new BatchNormalization().call(new Dense(3).call(in)));
        new Model("bn", List.of(in), List.of(bn), 1L);
        assertNull(SmallPredict.of(new Graph(List.of(in), List.of(bn)), DataType.FLOAT), "a layer other than Dense and Dropout");
    }
}
