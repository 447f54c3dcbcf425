package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.core.Masking;
import dev.hyperforge.engine.optimizers.SGD;

/** Masks flow through the executor as in Keras, and losses honour the mask of a model output. */
class MaskFlowTest {
    /** An identity layer that records the mask its input carried; it passes the mask on or not. */
    static final class Probe extends Layer {
        final List<INDArray> seen = new ArrayList<>();
        private final boolean passes;

        Probe(boolean passes) {
            this.passes = passes;
        }

        @Override
        public String type() {
            return "Probe";
        }

        @Override
        public boolean supportsMasking() {
            return passes;
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
            seen.add(ctx.inputMask(0));
            return inputs.get(0);
        }

        @Override
        public List<INDArray> backward(INDArray g, LayerContext ctx) {
            return List.of(g);
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }
    }

    @Test
    void embeddingMaskPassesDenseAndDropoutAndStopsAtLayersWithoutMasking() {
        Tensor ids = Input.ints("ids", 4);
        Probe afterDense = new Probe(false);
        Probe afterStop = new Probe(true);
        Tensor h = afterDense.call(new Dropout(0.2).call(new Dense(3).call(new Embedding(10, 2, true).call(ids))));
        Tensor out = new Dense(1).named("y").call(new Flatten().call(afterStop.call(h)));
        Model m = new Model(ids, out);
        m.predict(Nd4j.createFromArray(new int[][] {{5, 2, 0, 0}, {1, 0, 3, 0}}));
        assertEquals(Nd4j.create(new float[][] {{1, 1, 0, 0}, {1, 0, 1, 0}}), afterDense.seen.get(0));
        // afterDense does not support masking: the layer after it sees no mask
        assertNull(afterStop.seen.get(0));
    }

    @Test
    void noMaskWithoutAMaskingLayer() {
        Tensor ids = Input.ints("ids", 3);
        Probe p = new Probe(true);
        Tensor out = new Dense(1).named("y").call(new Flatten().call(p.call(new Embedding(10, 2).call(ids))));
        new Model(ids, out).predict(Nd4j.createFromArray(new int[][] {{5, 0, 0}}));
        assertNull(p.seen.get(0));
    }

    /** x (2, 3, 2) with steps [0, 2] and [1, 0], [1, 1] padded with zeros; a linear Dense(1) per step. */
    private static Model perStepRegression() {
        Tensor x = Input.create("x", DType.FLOAT64, 3, 2);
        Dense d = new Dense(1).named("y");
        Model m = new Model(x, d.call(new Masking().call(x)));
        d.params().get(0).value().assign(Nd4j.create(new double[][] {{1}, {2}}));
        d.params().get(1).value().assign(0.5);
        m.compile(new SGD(0.1), "mse");
        return m;
    }

    private static final double[][][] X = {{{1, 2}, {-1, 0.5}, {0, 0}}, {{0, 0}, {0, 0}, {2, -1}}};
    private static final double[][][] Y = {{{1}, {2}, {100}}, {{-50}, {70}, {0.25}}};

    /** Keras divides by (valid + 1e-7): hence the 1e-6 tolerances. */
    @Test
    void lossIsTheMeanOverUnmaskedSteps() {
        Model m = perStepRegression();
        double sum = 0;
        double[] dk = new double[2];
        double db = 0;
        int valid = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                double[] v = X[b][t];
                if (v[0] == 0 && v[1] == 0) {
                    continue;
                }
                double err = v[0] + 2 * v[1] + 0.5 - Y[b][t][0];
                sum += err * err;
                dk[0] += 2 * err * v[0];
                dk[1] += 2 * err * v[1];
                db += 2 * err;
                valid++;
            }
        }
        INDArray x = Nd4j.create(X);
        INDArray y = Nd4j.create(Y);
        assertEquals(sum / valid, m.evaluate(x, y).get("loss"), 1e-6);
        assertEquals(sum / valid, m.computeGradients(x, y, 0L), 1e-6);
        Layer d = m.getLayer("y");
        assertEquals(dk[0] / valid, d.params().get(0).grad().getDouble(0, 0), 1e-6);
        assertEquals(dk[1] / valid, d.params().get(0).grad().getDouble(1, 0), 1e-6);
        assertEquals(db / valid, d.params().get(1).grad().getDouble(0), 1e-6);
    }

    @Test
    void fusedSoftmaxLossHonoursTheMask() {
        Tensor x = Input.create("x", DType.FLOAT64, 3, 2);
        Dense d = new Dense(2, "softmax").named("y");
        Model m = new Model(x, d.call(new Masking().call(x)));
        m.compile(new SGD(0.1), "categorical_crossentropy");
        INDArray xs = Nd4j.create(X);
        // targets at masked steps are garbage: they must not count
        INDArray y = Nd4j.create(new double[][][] {{{1, 0}, {0, 1}, {1e3, -5}}, {{7, 7}, {-3, 9}, {1, 0}}});
        INDArray p = m.predict(xs).get("y");
        double sum = -Math.log(p.getDouble(0, 0, 0)) - Math.log(p.getDouble(0, 1, 1)) - Math.log(p.getDouble(1, 2, 0));
        assertEquals(sum / 3, m.evaluate(xs, y).get("loss"), 1e-6);
    }

    @Test
    void fullyMaskedBatchHasZeroLoss() {
        Model m = perStepRegression();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 3, 2);
        assertEquals(0.0, m.evaluate(x, Nd4j.create(Y)).get("loss"), 1e-12);
    }
}
