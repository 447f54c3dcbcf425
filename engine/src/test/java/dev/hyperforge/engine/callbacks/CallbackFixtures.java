package dev.hyperforge.engine.callbacks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

/** A tiny real model and hand-made logs for driving callbacks directly. */
final class CallbackFixtures {
    private CallbackFixtures() {
    }

    /** Input(2) → Dense(1), compiled with SGD(0.1) and mse. */
    static Model tinyModel() {
        Tensor x = Input.of("x", 2);
        Tensor y = new Dense(1).named("y").call(x);
        Model m = new Model("tiny", List.of(x), List.of(y), 1L);
        m.compile(new SGD(0.1), "mse");
        return m;
    }

    /** Sets every weight of {@code m} to {@code value}, marking "the weights of epoch value". */
    static void fillWeights(Model m, double value) {
        List<INDArray> w = new ArrayList<>();
        for (INDArray a : m.getWeights()) {
            w.add(a.assign(value));
        }
        m.setWeights(w);
    }

    /** The value all weights share, failing if they differ. */
    static double weightsValue(Model m) {
        double v = m.getWeights().get(0).getDouble(0);
        for (INDArray a : m.getWeights()) {
            if (a.minNumber().doubleValue() != v || a.maxNumber().doubleValue() != v) {
                throw new AssertionError("weights differ: " + m.getWeights());
            }
        }
        return v;
    }

    /** Logs with a training loss and one more metric. */
    static Map<String, Double> logs(String metric, double value) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 1.0);
        m.put(metric, value);
        m.put("lr", 0.1);
        return m;
    }
}
