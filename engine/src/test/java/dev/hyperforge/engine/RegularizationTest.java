package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.recurrent.GRU;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.layers.recurrent.SimpleRNN;
import dev.hyperforge.engine.optimizers.SGD;
import dev.hyperforge.engine.regularizers.Regularizer;

/** Kernel, bias, embeddings, recurrent and activity regularizers: loss, gradients, configs, save and load. */
class RegularizationTest {
    @TempDir
    Path dir;

    /** Conv1D (kernel L1L2, bias L2) → pooling → Dense (kernel L1, activity L2) → Dense output (activity L1), float64. */
    private static Model convModel() {
        Tensor x = Input.create("x", DType.FLOAT64, 6, 2);
        Tensor c = new Conv1D(3, 2, "tanh").regularize("kernel_regularizer", Regularizer.l1l2(0.01, 0.02))
                .regularize("bias_regularizer", Regularizer.l2(0.05)).call(x);
        Tensor h = new Dense(4, "tanh").regularize("kernel_regularizer", Regularizer.l1(0.03))
                .regularize("activity_regularizer", Regularizer.l2(0.01)).call(new GlobalMaxPooling1D().call(c));
        Tensor y = new Dense(2).named("y").regularize("activity_regularizer", Regularizer.l1(0.02)).call(h);
        Model m = new Model("conv", List.of(x), List.of(y), 3L);
        m.compile(new SGD(0.01), "mse");
        return m;
    }

    /** Embedding (L2) → LSTM (kernel, recurrent, bias) concatenated with a float64 input → Dense, so the model computes in float64. */
    private static Model recurrentModel() {
        Tensor ids = Input.ints("ids", 5);
        Tensor z = Input.create("z", DType.FLOAT64, 2);
        Tensor e = new Embedding(7, 3).regularize("embeddings_regularizer", Regularizer.l2(0.1)).call(ids);
        Tensor r = new LSTM(3).regularize("kernel_regularizer", Regularizer.l2(0.02))
                .regularize("recurrent_regularizer", Regularizer.l1(0.03)).regularize("bias_regularizer", Regularizer.l1l2(0.01, 0.01)).call(e);
        Tensor y = new Dense(1).named("y").call(new Concatenate().call(r, z));
        Model m = new Model("rec", List.of(ids, z), List.of(y), 4L);
        m.compile(new SGD(0.01), "mse");
        return m;
    }

    @Test
    void gradientsIncludeEveryPenaltyNumerically() {
        Model conv = convModel();
        assertGradients(conv, LayerChecks.randomDouble(1, 8, 6, 2), LayerChecks.randomDouble(2, 8, 2));
        Model rec = recurrentModel();
        Map<String, INDArray> xs = Map.of("ids", LayerChecks.randomIds(3, 7, 6, 5), "z", LayerChecks.randomDouble(4, 6, 2));
        assertGradients(rec, xs, LayerChecks.randomDouble(5, 6, 1));
    }

    @Test
    void gruAndSimpleRnnTakeTheRecurrentPenaltiesNumerically() {
        Tensor ids = Input.ints("ids", 4);
        Tensor z = Input.create("z", DType.FLOAT64, 2);
        Tensor e = new Embedding(6, 3).call(ids);
        Tensor g = new GRU(3).regularize("kernel_regularizer", Regularizer.l2(0.02))
                .regularize("recurrent_regularizer", Regularizer.l1(0.03)).regularize("bias_regularizer", Regularizer.l2(0.05)).call(e);
        Tensor s = new SimpleRNN(2).regularize("recurrent_regularizer", Regularizer.l1l2(0.01, 0.02)).call(e);
        Tensor y = new Dense(1).named("y").call(new Concatenate().call(g, s, z));
        Model m = new Model("gru", List.of(ids, z), List.of(y), 6L);
        m.compile(new SGD(0.01), "mse");
        Map<String, INDArray> xs = Map.of("ids", LayerChecks.randomIds(7, 6, 5, 4), "z", LayerChecks.randomDouble(8, 5, 2));
        assertGradients(m, xs, LayerChecks.randomDouble(9, 5, 1));
    }

    /** Central differences of the total loss (evaluate's "loss", which includes the penalties) against the backward pass. */
    private static void assertGradients(Model m, Object x, INDArray y) {
        m.computeGradients(x, y, 0L);
        for (Layer l : m.layers()) {
            for (Param p : l.params()) {
                INDArray analytic = p.grad().dup();
                INDArray w = p.value();
                for (long i = 0; i < w.length(); i++) {
                    double orig = w.getDouble(i);
                    w.putScalar(i, orig + 1e-6);
                    double up = m.evaluate(x, y).get("loss");
                    w.putScalar(i, orig - 1e-6);
                    double down = m.evaluate(x, y).get("loss");
                    w.putScalar(i, orig);
                    double numeric = (up - down) / 2e-6;
                    double a = analytic.getDouble(i);
                    if (Math.abs(a - numeric) > 1e-6 * Math.max(1, Math.abs(a))) {
                        fail(l.describe() + " " + p.name() + " element " + i + ": analytic " + a + " vs numeric " + numeric);
                    }
                }
            }
        }
    }

    @Test
    void reportedLossIsTheDataLossPlusThePenaltiesAsKeras() {
        Tensor x = Input.create("x", DType.FLOAT64, 3);
        Dense d = new Dense(2).regularize("kernel_regularizer", Regularizer.l2(0.5)).regularize("bias_regularizer", Regularizer.l1(0.25))
                .regularize("activity_regularizer", Regularizer.l1(0.1));
        Model m = new Model("d", List.of(x), List.of(d.call(x)), 1L);
        m.compile(new SGD(0.01), "mse");
        d.params().get(1).value().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(0.5, -1.0));
        INDArray xs = LayerChecks.randomDouble(1, 5, 3);
        INDArray ys = LayerChecks.randomDouble(2, 5, 2);
        INDArray pred = m.predict(xs).get(m.outputNames().get(0));
        double mse = pred.sub(ys).muli(pred.sub(ys)).meanNumber().doubleValue();
        INDArray k = d.params().get(0).value();
        double penalty = 0.5 * k.mul(k).sumNumber().doubleValue() + 0.25 * 1.5 + 0.1 * pred.norm1Number().doubleValue();
        assertEquals(mse + penalty, m.evaluate(xs, ys).get("loss"), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void configsRoundTripInKerasFormAndAcceptTheStringShorthand() throws IOException {
        Layer d = LayerRegistry.create("Dense", Map.of("units", 4, "kernel_regularizer", "l2",
                "bias_regularizer", Map.of("class_name", "L1L2", "config", Map.of("l1", 0.001, "l2", 0.002)), "activity_regularizer", "l1"));
        Map<String, Object> cfg = (Map<String, Object>) d.config().get("config");
        assertEquals(Map.of("class_name", "L2", "config", Map.of("l2", 0.01)), cfg.get("kernel_regularizer"));
        assertEquals(Regularizer.l1l2(0.001, 0.002), Regularizer.from(cfg.get("bias_regularizer")));
        assertEquals(Regularizer.l1l2(0.001, 0.002), Regularizer.from(Map.of("type", "L1L2", "l1", 0.001, "l2", 0.002)));
        assertEquals(Regularizer.l1(0.01), d.activityRegularizer());
        Layer again = LayerRegistry.fromConfig(d.config());
        assertEquals(d.config(), again.config());
        assertEquals(Regularizer.l1l2(0, 0), Regularizer.of("l1_l2"));
        assertNull(new Dense(2).activityRegularizer());

        Model m = recurrentModel();
        Path zip = dir.resolve("m.zip");
        m.save(zip);
        Model loaded = Model.load(zip);
        assertEquals(m.toJson(), loaded.toJson());
        assertTrue(m.toJson().contains("recurrent_regularizer"), m.toJson());
        assertEquals(Regularizer.l1(0.03), loaded.layers().stream().filter(l -> l instanceof LSTM).findFirst().orElseThrow().regularizerOf("recurrent_kernel"));
    }

    @Test
    void aLayerWithoutSuchWeightNamesTheArgumentsItTakes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dropout(0.5).regularize("kernel_regularizer", Regularizer.l2(0.1)));
        assertTrue(e.getMessage().contains("Dropout") && e.getMessage().contains("activity_regularizer"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LayerRegistry.create("Dense", Map.of("units", 2, "kernel_regularizer", "l3")));
        assertTrue(bad.getMessage().contains("kernel_regularizer") && bad.getMessage().contains("l3"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regularizer.l2(-1));
    }

    @Test
    void anEmbeddingPenaltyMovesEveryRowAndTrainingLowersTheTotalLoss() {
        Model m = recurrentModel();
        Map<String, INDArray> xs = Map.of("ids", LayerChecks.randomIds(3, 4, 16, 5), "z", LayerChecks.randomDouble(4, 16, 2));
        INDArray ys = LayerChecks.randomDouble(5, 16, 1);
        INDArray table = m.layers().stream().filter(l -> l instanceof Embedding).findFirst().orElseThrow().params().get(0).value();
        INDArray unusedRowBefore = table.getRow(6).dup();   // ids are < 4: rows 4..6 get only the penalty's gradient
        double before = m.evaluate(xs, ys).get("loss");
        m.fit(xs, ys, FitOptions.builder().epochs(20).batchSize(8).build());
        assertTrue(m.evaluate(xs, ys).get("loss") < before);
        INDArray expected = unusedRowBefore.mul(Math.pow(1 - 0.01 * 2 * 0.1, 40));   // w -= lr·2·l2·w, 40 steps
        assertEquals(0, expected.sub(table.getRow(6)).norm2Number().doubleValue(), 1e-9);
        assertEquals(DataType.DOUBLE, table.dataType());
    }
}
