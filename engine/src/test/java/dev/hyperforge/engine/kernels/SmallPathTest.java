package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.DType;
import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.Adam;
import dev.hyperforge.engine.optimizers.Optimizer;
import dev.hyperforge.engine.optimizers.RMSprop;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * The Java path for small models ({@link SmallKernels}: Dense, the losses and metrics, the optimizers'
 * updates, the batch gather) gives the op path's results up to float rounding, and the same seed gives
 * bit-identical weights on it.
 */
class SmallPathTest {
    @AfterEach
    void restore() {
        SmallKernels.setEnabled(true);
    }

    private static INDArray random(long seed, DataType t, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return Nd4j.create(v, shape, 'c').castTo(t);
    }

    /** 13 → 32 relu → 16 tanh → 2 linear, mse with an mae metric, in float or double. */
    private static Model regression(Optimizer opt, DType dtype) {
        Tensor in = Input.create("x", dtype, 13);
        Tensor h = new Dense(32, "relu").call(in);
        h = new Dense(16, "tanh").call(h);
        Tensor out = new Dense(2).named("y").call(h);
        Model m = new Model("r", List.of(in), List.of(out), 7L);
        m.compile(opt, "mse", "mae");
        return m;
    }

    /** 13 → 24 sigmoid → 5 softmax (fused with sparse categorical cross-entropy). */
    private static Model classifier() {
        Tensor in = Input.of("x", 13);
        Tensor h = new Dense(24, "sigmoid").call(in);
        Tensor out = new Dense(5, "softmax").named("y").call(h);
        Model m = new Model("c", List.of(in), List.of(out), 8L);
        m.compile(new RMSprop(0.01), "sparse_categorical_crossentropy", "accuracy");
        return m;
    }

    private record Run(List<Double> losses, List<INDArray> weights, INDArray predictions) {
    }

    private static Run train(Model m, INDArray x, INDArray y, boolean small) {
        SmallKernels.setEnabled(small);
        History h = m.fit(x, y, FitOptions.builder().epochs(4).batchSize(16).validationSplit(0.2).seed(3).build());
        List<INDArray> w = new ArrayList<>();
        m.getWeights().forEach(a -> w.add(a.dup()));
        INDArray rows = x.get(NDArrayIndex.interval(5, 37), NDArrayIndex.all());   // a view with an offset
        INDArray p = m.predict(rows, 8).get("y").dup();
        SmallKernels.setEnabled(true);
        return new Run(h.get("loss"), w, p);
    }

    private static void assertClose(Run op, Run small, double tol) {
        for (int i = 0; i < op.losses().size(); i++) {
            assertEquals(op.losses().get(i), small.losses().get(i), tol * Math.max(1, Math.abs(op.losses().get(i))), "loss of epoch " + i);
        }
        for (int k = 0; k < op.weights().size(); k++) {
            assertArrayEquals(op.weights().get(k).ravel().toDoubleVector(), small.weights().get(k).ravel().toDoubleVector(), tol, "weights " + k);
        }
        assertArrayEquals(op.predictions().ravel().toDoubleVector(), small.predictions().ravel().toDoubleVector(), tol, "predictions");
    }

    private static void compare(Supplier<Model> model, INDArray x, INDArray y, double tol) {
        Run op = train(model.get(), x, y, false);
        Run small = train(model.get(), x, y, true);
        assertClose(op, small, tol);
        assertFalse(java.util.Arrays.equals(op.predictions().ravel().toDoubleVector(), small.predictions().ravel().toDoubleVector()),
                "the two paths round differently: the Java path ran");
        Run again = train(model.get(), x, y, true);
        for (int k = 0; k < small.weights().size(); k++) {
            assertArrayEquals(small.weights().get(k).ravel().toDoubleVector(), again.weights().get(k).ravel().toDoubleVector(), 0.0, "replay, weights " + k);
        }
        assertEquals(small.losses(), again.losses(), "replay, losses");
    }

    @Test
    void regressionMatchesTheOpPathWithEveryOptimizer() {
        INDArray x = random(1, DataType.FLOAT, 100, 13);
        INDArray y = random(2, DataType.FLOAT, 100, 2);
        compare(() -> regression(new RMSprop(1e-3), DType.FLOAT32), x, y, 2e-5);
        compare(() -> regression(new Adam(1e-3), DType.FLOAT32), x, y, 2e-5);
        compare(() -> regression(new SGD(0.05, 0.9), DType.FLOAT32), x, y, 2e-5);
    }

    @Test
    void fusedSoftmaxAndSigmoidLayersMatchTheOpPath() {
        INDArray x = random(3, DataType.FLOAT, 100, 13);
        INDArray y = Nd4j.create(new SplittableRandom(4).ints(100, 0, 5).asDoubleStream().toArray(), new long[] {100, 1}, 'c')
                .castTo(DataType.FLOAT);
        compare(SmallPathTest::classifier, x, y, 2e-5);
    }

    @Test
    void doublePrecisionAgreesToDoubleRounding() {
        INDArray x = random(5, DataType.DOUBLE, 60, 13);
        INDArray y = random(6, DataType.DOUBLE, 60, 2);
        compare(() -> regression(new RMSprop(1e-3), DType.FLOAT64), x, y, 1e-10);
    }

    @Test
    void largeLayersKeepTheOpPath() {
        INDArray x = random(7, DataType.FLOAT, 512, 300);
        INDArray kernel = random(8, DataType.FLOAT, 300, 64);
        assertTrue(x.size(0) * x.size(1) * kernel.size(1) > SmallKernels.MAX_DENSE_WORK);
        assertEquals(false, SmallKernels.denseFits(x, kernel));
        assertTrue(SmallKernels.denseFits(x.get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()), kernel));
        assertEquals(false, SmallKernels.denseFits(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)), kernel), "a column view is not contiguous");
    }

    @Test
    void gatherRowsCopiesTheChosenRows() {
        INDArray a = random(9, DataType.FLOAT, 20, 3);
        INDArray dst = Nd4j.createUninitialized(DataType.FLOAT, 4, 3);
        assertTrue(SmallKernels.gatherRows(a, new int[] {7, 0, 19, 7}, 3, dst));
        assertEquals(a.getRow(7), dst.getRow(0));
        assertEquals(a.getRow(0), dst.getRow(1));
        assertEquals(a.getRow(19), dst.getRow(2));
        assertEquals(a.getRow(7), dst.getRow(3));
    }
}
