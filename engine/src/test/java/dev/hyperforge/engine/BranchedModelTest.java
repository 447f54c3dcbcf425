package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * Scenario S6's branched model: one input, a shared trunk and two regression heads trained with a loss
 * per output and loss weights, both given by output name.
 */
class BranchedModelTest {
    private static final int N = 160;
    private static final double W1 = 1.0;
    private static final double W2 = 0.5;

    private static Model branched() {
        Tensor x = Input.of("x", 3);
        Tensor h1 = new Dense(10, "relu").call(x);
        Tensor h2 = new Dense(10, "relu").call(h1);
        Tensor y1 = new Dense(1).named("y1_output").call(h2);
        Tensor b = new Dense(10, "relu").named("Branched_layer").call(h2);
        Tensor y2 = new Dense(1).named("y2_output").call(b);
        return new Model("branched", List.of(x), List.of(y1, y2), 4L);
    }

    /** x uniform in [-1, 1)^3; y1 and y2 two different linear functions of x. */
    private static INDArray[] data() {
        SplittableRandom r = new SplittableRandom(4);
        double[][] x = new double[N][3];
        double[][] y1 = new double[N][1];
        double[][] y2 = new double[N][1];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextDouble() * 2 - 1;
            }
            y1[i][0] = 2 * x[i][0] - x[i][1] + 0.5 * x[i][2] + 0.3;
            y2[i][0] = -x[i][0] + 1.5 * x[i][1] + x[i][2] - 0.2;
        }
        return new INDArray[] {Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y1).castTo(DataType.FLOAT),
                Nd4j.create(y2).castTo(DataType.FLOAT)};
    }

    @Test
    void trainsBothHeadsWithPerOutputLossesAndWeights() {
        Model model = branched();
        assertEquals(List.of("y1_output", "y2_output"), model.outputNames());
        assertEquals(10 * 3 + 10 + 10 * 10 + 10 + 11 + 10 * 10 + 10 + 11, model.countParams());
        model.compile(new RMSprop(0.005), Map.of("y1_output", "mse", "y2_output", "mse"), Map.of("y1_output", W1, "y2_output", W2), null);
        assertArrayEquals(new double[] {W1, W2}, model.lossWeights());

        INDArray[] d = data();
        Map<String, INDArray> y = Map.of("y1_output", d[1], "y2_output", d[2]);
        History h = model.fit(d[0], y, FitOptions.builder().epochs(10).batchSize(32).validationSplit(0.2).seed(4).build());

        for (String key : List.of("loss", "y1_output_loss", "y2_output_loss", "val_loss", "val_y1_output_loss", "val_y2_output_loss")) {
            assertTrue(h.values().containsKey(key), key + " missing from " + h.values().keySet());
            assertEquals(10, h.get(key).size(), key);
        }
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(9) < 0.5 * loss.get(0), "loss should fall: " + loss);
        assertTrue(h.last("val_loss") < h.get("val_loss").get(0), "val_loss should fall: " + h.get("val_loss"));
        for (int e = 0; e < 10; e++) {
            double weighted = W1 * h.get("val_y1_output_loss").get(e) + W2 * h.get("val_y2_output_loss").get(e);
            assertEquals(weighted, h.get("val_loss").get(e), 1e-5 * weighted, "val_loss of epoch " + e);
        }

        Map<String, Double> ev = model.evaluate(d[0], y);
        double weighted = W1 * ev.get("y1_output_loss") + W2 * ev.get("y2_output_loss");
        assertEquals(weighted, ev.get("loss"), 1e-5 * Math.abs(ev.get("loss")), "evaluate: " + ev);

        Map<String, INDArray> p = model.predict(d[0]);
        assertArrayEquals(new long[] {N, 1}, p.get("y1_output").shape());
        assertArrayEquals(new long[] {N, 1}, p.get("y2_output").shape());
    }

    @Test
    void zeroWeightLeavesItsHeadUntrained() {
        Model model = branched();
        model.compile(new RMSprop(0.005), Map.of("y1_output", "mse", "y2_output", "mse"), Map.of("y1_output", 1.0, "y2_output", 0.0), null);
        List<INDArray> before = model.getLayer("y2_output").params().stream().map(p -> p.value().dup()).toList();
        INDArray[] d = data();
        Map<String, Double> logs = model.fit(d[0], Map.of("y1_output", d[1], "y2_output", d[2]),
                FitOptions.builder().epochs(1).batchSize(40).build()).values().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
        assertEquals(logs.get("y1_output_loss"), logs.get("loss"), 1e-5 * logs.get("loss"));
        List<INDArray> after = model.getLayer("y2_output").params().stream().map(p -> p.value().dup()).toList();
        assertEquals(before, after);
    }
}
