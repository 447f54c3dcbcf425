package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.Adam;
import dev.hyperforge.engine.optimizers.RMSprop;
import dev.hyperforge.engine.optimizers.SGD;

class ModelTest {
    /** Two inputs, a shared layer, a softmax head and a regression head. */
    private static Model twoByTwo(DType dtype) {
        Tensor a = Input.create("a", dtype, 4);
        Tensor b = Input.create("b", dtype, 4);
        Dense shared = new Dense(5, "tanh").named("shared");
        Tensor ha = shared.call(a);
        Tensor hb = shared.call(b);
        Tensor cls = new Dense(3, "softmax").named("cls").call(ha);
        Tensor reg = new Dense(1).named("reg").call(new Dense(4, "sigmoid").named("mix").call(hb));
        return new Model("two", List.of(a, b), List.of(cls, reg), 5L);
    }

    private static Map<String, INDArray> twoByTwoX(int n) {
        return Map.of("a", LayerChecks.randomDouble(1, n, 4), "b", LayerChecks.randomDouble(2, n, 4));
    }

    private static Map<String, INDArray> twoByTwoY(int n) {
        INDArray cls = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            cls.putScalar(i, i % 3, 1);
        }
        return Map.of("cls", cls, "reg", LayerChecks.randomDouble(3, n, 1));
    }

    @Test
    void wholeModelGradientMatchesCentralDifferences() {
        Model m = twoByTwo(DType.FLOAT64);
        m.compile(new SGD(0.1), Map.of("cls", "categorical_crossentropy", "reg", "mse"), Map.of("cls", 1.0, "reg", 0.25), null);
        var x = twoByTwoX(6);
        var y = twoByTwoY(6);
        m.computeGradients(x, y, 1L);
        for (var layer : m.layers()) {
            for (Param p : layer.params()) {
                INDArray g = p.grad().dup();
                INDArray w = p.value();
                for (long i = 0; i < w.length(); i += Math.max(1, w.length() / 7)) {
                    double o = w.getDouble(i);
                    w.putScalar(i, o + 1e-6);
                    double up = m.evaluate(x, y).get("loss");
                    w.putScalar(i, o - 1e-6);
                    double down = m.evaluate(x, y).get("loss");
                    w.putScalar(i, o);
                    assertEquals((up - down) / 2e-6, g.getDouble(i), 1e-6, layer.describe() + " " + p.name() + "[" + i + "]");
                }
            }
        }
        assertEquals(5 * 4 + 5, m.getLayer("shared").paramCount(), "one set of weights for two calls");
    }

    @Test
    void aLayerCalledTwiceSharesOneSetOfWeights() {
        Model m = twoByTwo(DType.FLOAT64);
        Dense shared = (Dense) m.getLayer("shared");
        assertEquals(1, m.layers().stream().filter(l -> l == shared).count(), "one layer object in the model");
        var x = twoByTwoX(3);
        Map<String, INDArray> before = m.predict(x);
        INDArray cls = before.get("cls").dup();
        INDArray reg = before.get("reg").dup();
        shared.params().get(0).value().addi(0.5);
        Map<String, INDArray> after = m.predict(x);
        assertNotEquals(cls, after.get("cls"), "the path through input a uses the changed weights");
        assertNotEquals(reg, after.get("reg"), "the path through input b uses the same changed weights");
        String summary = m.summary();
        // one row per call (the second on shared[1] with no parameters of its own), weights counted once
        List<String> rows = summary.lines().filter(l -> l.startsWith(" shared (Dense)")).toList();
        assertEquals(2, rows.size(), summary);
        assertTrue(rows.get(0).matches(".*\\s25\\s+\\['a\\[0]\\[0]'].*"), summary);
        assertTrue(rows.get(1).matches(".*\\s0\\s+\\['b\\[0]\\[0]'].*"), summary);
        assertEquals(25 + 18 + 24 + 5, m.countParams());
        assertTrue(summary.contains("Total params: 72"), summary);
    }

    @Test
    void totalLossIsTheWeightedSumOfOutputLosses() {
        Model m = twoByTwo(DType.FLOAT32);
        m.compile(new RMSprop(0.01), List.of("categorical_crossentropy", "mse"), List.of(2.0, 0.5), List.of("accuracy"));
        Map<String, Double> r = m.evaluate(twoByTwoX(30), twoByTwoY(30));
        assertEquals(2.0 * r.get("cls_loss") + 0.5 * r.get("reg_loss"), r.get("loss"), 1e-5);
        assertTrue(r.containsKey("cls_accuracy"), r.toString());
    }

    @Test
    void learnsASimpleClassificationAndReportsValidation() {
        int n = 400;
        INDArray x = LayerChecks.randomDouble(11, n, 2).castTo(DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 1);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, 0, x.getDouble(i, 0) * x.getDouble(i, 1) > 0 ? 1 : 0);
        }
        Tensor in = Input.of("x", 2);
        Tensor out = new Dense(1, "sigmoid").named("out").call(new Dense(16, "relu").call(new Dense(16, "relu").call(in)));
        Model m = new Model(in, out);
        m.compile(new Adam(0.02), "binary_crossentropy", "accuracy");
        History h = m.fit(x, y, FitOptions.builder().epochs(60).batchSize(32).validationSplit(0.25).seed(3).build());
        assertTrue(h.last("accuracy") > 0.9, "XOR-like task accuracy " + h.last("accuracy"));
        assertTrue(h.last("val_accuracy") > 0.85, "validation accuracy " + h.last("val_accuracy"));
        assertTrue(h.get("loss").get(0) > h.last("loss"));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy", "lr"), List.copyOf(h.values().keySet()));
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndMetrics() {
        double[][] runs = new double[2][];
        List<List<INDArray>> weights = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
            Model m = twoByTwo(DType.FLOAT32);
            m.initializeWeights(42);
            m.compile(new RMSprop(0.01), List.of("categorical_crossentropy", "mse"), null, null);
            History h = m.fit(twoByTwoX(50), twoByTwoY(50), FitOptions.builder().epochs(3).batchSize(8).seed(9).build());
            runs[k] = h.get("loss").stream().mapToDouble(Double::doubleValue).toArray();
            weights.add(m.getWeights());
        }
        assertArrayEquals(runs[0], runs[1], 0.0);
        for (int i = 0; i < weights.get(0).size(); i++) {
            assertEquals(weights.get(0).get(i), weights.get(1).get(i));
        }
        Model other = twoByTwo(DType.FLOAT32);
        other.initializeWeights(43);
        assertNotEquals(weights.get(0).get(0), other.getWeights().get(0));
    }

    /**
     * After {@code initializeWeights} the layers compute with the weights that training updates and
     * {@code getWeights} returns: a fresh model given those weights predicts the same, and a write into a
     * parameter changes the prediction.
     */
    @Test
    void reinitialisedWeightsAreTheOnesTrainedAndUsed() {
        Model m = twoByTwo(DType.FLOAT32);
        m.initializeWeights(7);
        m.compile(new RMSprop(0.01), List.of("categorical_crossentropy", "mse"), null, null);
        m.fit(twoByTwoX(50), twoByTwoY(50), FitOptions.builder().epochs(2).batchSize(8).seed(9).build());
        Model copy = twoByTwo(DType.FLOAT32);
        copy.setWeights(m.getWeights());
        assertEquals(copy.predict(twoByTwoX(5)).get("reg"), m.predict(twoByTwoX(5)).get("reg"));
        INDArray before = m.predict(twoByTwoX(5)).get("reg").dup();
        m.layers().stream().flatMap(l -> l.params().stream()).forEach(p -> p.value().addi(0.5));
        assertNotEquals(before, m.predict(twoByTwoX(5)).get("reg"));
    }

    @Test
    void saveAndLoadRoundTripExactlyIncludingOptimizerState(@TempDir Path dir) throws Exception {
        Model m = twoByTwo(DType.FLOAT32);
        m.compile(new Adam(0.01), Map.of("cls", "categorical_crossentropy", "reg", "mse"), Map.of("cls", 1.0, "reg", 3.0), List.of("accuracy"));
        FitOptions once = FitOptions.builder().epochs(1).batchSize(10).seed(4).build();
        m.fit(twoByTwoX(40), twoByTwoY(40), once);
        Path file = dir.resolve("m.zip");
        m.save(file);
        Model back = Model.load(file);
        assertEquals(m.summary(), back.summary());
        assertEquals(m.toJson(), back.toJson());
        assertEquals(m.predict(twoByTwoX(5)).get("cls"), back.predict(twoByTwoX(5)).get("cls"));
        History h1 = m.fit(twoByTwoX(40), twoByTwoY(40), once);
        History h2 = back.fit(twoByTwoX(40), twoByTwoY(40), once);
        assertEquals(h1.values(), h2.values(), "training continues identically after load");
        Model fromConfig = Model.fromJson(m.toJson(), 0L);
        assertEquals(m.summary(), fromConfig.summary());
    }

    @Test
    void sequentialAndFunctionalFormsHaveTheSameSummary() {
        Model seq = new Sequential().input(3).add(new Dense(2, "relu")).add(new Dense(3, "sigmoid")).build();
        Tensor in = Input.of("input", 3);
        Model fun = new Model("sequential", List.of(in), List.of(new Dense(3, "sigmoid").call(new Dense(2, "relu").call(in))), 0L);
        assertEquals(seq.summary(), fun.summary());
        assertTrue(seq.summary().contains("dense (Dense)"), seq.summary());
        assertTrue(seq.summary().contains("Total params: 17"), seq.summary());
    }

    /** S4's other two pairs (seeds 002/003): an Embedding stack and LSTM(128) on input (3, 5), each built both ways. */
    @Test
    void sequentialAndFunctionalEmbeddingAndLstmModelsHaveTheSameSummary() {
        Model seqEmb = new Sequential().intInput(Shape.UNKNOWN).add(new Embedding(1000, 64)).add(new LSTM(32))
                .add(new Dense(1, "sigmoid")).build();
        Tensor ids = Input.ints("input", Shape.UNKNOWN);
        Model funEmb = new Model("sequential", List.of(ids),
                List.of(new Dense(1, "sigmoid").call(new LSTM(32).call(new Embedding(1000, 64).call(ids)))), 0L);
        assertEquals(seqEmb.summary(), funEmb.summary());
        assertEquals(64_000 + 4 * ((64 + 32) * 32 + 32) + 33, seqEmb.countParams());

        Model seqLstm = new Sequential().input(3, 5).add(new LSTM(128)).build();
        Tensor in = Input.of("input", 3, 5);
        Model funLstm = new Model("sequential", List.of(in), List.of(new LSTM(128).call(in)), 0L);
        assertEquals(seqLstm.summary(), funLstm.summary());
        assertTrue(seqLstm.summary().contains("(None, 128)"), seqLstm.summary());
        assertEquals(4 * ((5 + 128) * 128 + 128), seqLstm.countParams(), "Keras: 68,608");
    }

    @Test
    void wrongTargetShapeIsRejectedBeforeTrainingNamingOutputAndShapes() {
        Tensor in = Input.of("posts", 8);
        Tensor h = new Dense(4, "relu").call(in);
        Tensor age = new Dense(1).named("age").call(h);
        Tensor income = new Dense(10, "softmax").named("income").call(h);
        Model m = new Model(List.of(in), List.of(age, income));
        m.compile(new RMSprop(0.001), Map.of("age", "mse", "income", "categorical_crossentropy"), null, null);
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(x,
                Map.of("age", Nd4j.rand(DataType.FLOAT, 20, 10), "income", Nd4j.rand(DataType.FLOAT, 20, 10)),
                FitOptions.builder().build()));
        assertTrue(e.getMessage().startsWith("output 'age' (Dense 'age', loss mean_squared_error) expects targets of shape (None, 1),"
                + " received (20, 10); ") && e.getMessage().contains("to_categorical"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.fit(x,
                Map.of("age", Nd4j.rand(DataType.FLOAT, 20, 1), "income", Nd4j.zeros(DataType.FLOAT, 20, 1)),
                FitOptions.builder().build()));
        assertTrue(e2.getMessage().contains("one-hot encode them or use sparse_categorical_crossentropy"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> m.fit(x, Map.of("age", Nd4j.rand(DataType.FLOAT, 20, 1),
                "income", Nd4j.rand(DataType.FLOAT, 20, 10), "gender", Nd4j.rand(DataType.FLOAT, 20, 1)), FitOptions.builder().build()));
        assertTrue(e3.getMessage().contains("[gender]"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> m.predict(Nd4j.rand(DataType.FLOAT, 20, 7)));
        assertEquals("input 'posts' expects arrays of shape (None, 8), received (20, 7)", e4.getMessage());
    }

    @Test
    void lifecycleAndCompileMistakesAreClear() {
        Model m = twoByTwo(DType.FLOAT32);
        var e = assertThrows(IllegalStateException.class, () -> m.fit(twoByTwoX(4), twoByTwoY(4), FitOptions.builder().build()));
        assertTrue(e.getMessage().contains("compile"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.compile(new SGD(0.1), Map.of("cls", "mse"), null, null));
        assertTrue(e2.getMessage().contains("no loss given for output 'reg'"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> m.compile(new SGD(0.1), "mse", Map.of("regg", 1.0), null));
        assertTrue(e3.getMessage().contains("[regg]"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> new Model(Input.of("q", 3), new Dense(2).named("x").call(new Dense(2).named("x").call(Input.of("q2", 3)))));
        assertTrue(e4.getMessage().contains("not among the model's inputs") || e4.getMessage().contains("named 'x'"), e4.getMessage());
    }
}
