package dev.hyperforge.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;

class OptimizerTest {
    /** A parameter holder: a bias-free Dense(1) on 3 inputs gives a (3, 1) kernel. */
    private static Param param(double... init) {
        Dense d = new Dense(1, Activation.LINEAR, false);
        d.build(List.of(Shape.batchOf(init.length)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        Param p = d.params().get(0);
        p.value().assign(Nd4j.create(init, new long[] {init.length, 1}, DataType.DOUBLE));
        return p;
    }

    /** Minimises f(w) = Σ (w - t)² from w = 0; the known minimum is w = t. */
    private static INDArray minimise(Optimizer opt, int steps) {
        Param p = param(0, 0, 0);
        INDArray target = Nd4j.create(new double[] {1, -2, 3}, new long[] {3, 1}, DataType.DOUBLE);
        for (int i = 0; i < steps; i++) {
            p.clearGrad();
            p.accumulate(p.value().sub(target).muli(2));
            opt.step(List.of(p));
        }
        return p.value();
    }

    @Test
    void everyOptimizerFindsTheMinimumOfAQuadratic() {
        assertClose(minimise(new SGD(0.1), 200), 1e-6);
        assertClose(minimise(new SGD(0.05, 0.9), 400), 1e-5);
        assertClose(minimise(new Adam(0.05), 2000), 1e-3);
        assertClose(minimise(new RMSprop(0.01), 2000), 2e-2);
    }

    private static void assertClose(INDArray w, double tol) {
        assertEquals(1, w.getDouble(0), tol);
        assertEquals(-2, w.getDouble(1), tol);
        assertEquals(3, w.getDouble(2), tol);
    }

    @Test
    void firstStepsMatchTheFormulas() {
        Param p = param(0.5, 0.5, 0.5);
        RMSprop rms = new RMSprop(0.01, 0.9, 1e-7);
        double g = 2.0;
        p.accumulate(Nd4j.valueArrayOf(new long[] {3, 1}, g, DataType.DOUBLE));
        rms.step(List.of(p));
        double s = 0.1 * g * g;
        assertEquals(0.5 - 0.01 * g / (Math.sqrt(s) + 1e-7), p.value().getDouble(0), 1e-6);

        Param q = param(0.5, 0.5, 0.5);
        Adam adam = new Adam(0.01);
        q.accumulate(Nd4j.valueArrayOf(new long[] {3, 1}, g, DataType.DOUBLE));
        adam.step(List.of(q));
        // bias-corrected first step moves by lr * m̂ / (√v̂ + ε) = lr * g / (|g| + ε) ≈ lr
        assertEquals(0.5 - 0.01, q.value().getDouble(0), 1e-6);

        Param r = param(0.5, 0.5, 0.5);
        SGD sgd = new SGD(0.1, 0.9);
        for (int i = 0; i < 2; i++) {
            r.clearGrad();
            r.accumulate(Nd4j.valueArrayOf(new long[] {3, 1}, 1.0, DataType.DOUBLE));
            sgd.step(List.of(r));
        }
        // v1 = -0.1, w1 = 0.4; v2 = 0.9 * -0.1 - 0.1 = -0.19, w2 = 0.21
        assertEquals(0.21, r.value().getDouble(0), 1e-12);
    }

    @Test
    void learningRateCanChangeAndConfigRoundTrips() {
        Optimizer o = new RMSprop(0.01);
        o.setLearningRate(0.001);
        assertEquals(0.001, o.learningRate());
        assertEquals(o.config(), Optimizer.fromConfig(o.config()).config());
        assertEquals(new Adam(0.3).config(), Optimizer.fromConfig(new Adam(0.3).config()).config());
        assertThrows(IllegalArgumentException.class, () -> new SGD(-1));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.of("adagrad", 0.1));
    }
}
