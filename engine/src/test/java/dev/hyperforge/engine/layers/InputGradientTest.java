package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.recurrent.LSTM;

/** Layers skip the gradient of inputs nobody reads (model inputs) and still give the same weight gradients. */
class InputGradientTest {
    private static void check(Supplier<Layer> make, INDArray x) {
        INDArray[] weightGrads = new INDArray[2];
        for (int pass = 0; pass < 2; pass++) {
            Layer l = make.get();
            LayerChecks.buildDouble(l, List.of(x), 3);
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            ctx.setInputGradients(new boolean[] {pass == 0});
            INDArray out = l.forward(List.of(x), ctx);
            l.params().forEach(Param::clearGrad);
            List<INDArray> g = l.backward(LayerChecks.randomDouble(5, out.shape()), ctx);
            if (pass == 0) {
                assertNotNull(g.get(0), l.describe() + " input gradient when needed");
            } else {
                assertNull(g.get(0), l.describe() + " input gradient when not needed");
            }
            weightGrads[pass] = l.params().get(0).grad().dup();
        }
        assertEquals(weightGrads[0], weightGrads[1], "kernel gradient with and without the input gradient");
    }

    @Test
    void denseAndLstmSkipUnneededInputGradients() {
        check(() -> new Dense(4, "relu"), LayerChecks.randomDouble(1, 6, 3));
        check(() -> new LSTM(3), LayerChecks.randomDouble(2, 2, 4, 3));
    }
}
