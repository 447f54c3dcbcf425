package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LayerChecks}' central-difference gradient check for a layer call whose inputs carry masks (the
 * executor hands them over with {@link LayerContext#setInputMasks}).
 */
public final class MaskedChecks {
    private MaskedChecks() {
    }

    /** A context of the given mode with these input masks. */
    public static LayerContext context(boolean training, List<INDArray> masks) {
        LayerContext ctx = new LayerContext(training, new SplittableRandom(99));
        ctx.setInputMasks(masks);
        return ctx;
    }

    /** Checks the gradient of L = Σ out ⊙ R for the inputs listed in {@code check} and every trainable parameter. */
    public static void assertGradients(Layer layer, List<INDArray> inputs, List<INDArray> masks, boolean[] check) {
        INDArray r = LayerChecks.randomDouble(7, layer.forward(inputs, context(false, masks)).shape());
        for (Param p : layer.params()) {
            p.clearGrad();
        }
        LayerContext ctx = context(false, masks);
        layer.forward(inputs, ctx);
        List<INDArray> grads = layer.backward(r.dup(), ctx);
        Supplier<Double> loss = () -> layer.forward(inputs, context(false, masks)).mul(r).sumNumber().doubleValue();
        for (int i = 0; i < inputs.size(); i++) {
            if (check[i]) {
                compare(layer.describe() + " input " + i, inputs.get(i), grads.get(i), loss);
            }
        }
        for (Param p : layer.params()) {
            if (p.trainable()) {
                compare(layer.describe() + " parameter " + p.name(), p.value(), p.grad().dup(), loss);
            }
        }
    }

    private static void compare(String what, INDArray x, INDArray analytic, Supplier<Double> loss) {
        double eps = 1e-6;
        for (long i = 0; i < x.length(); i += Math.max(1, x.length() / 60)) {
            double orig = x.getDouble(i);
            x.putScalar(i, orig + eps);
            double up = loss.get();
            x.putScalar(i, orig - eps);
            double down = loss.get();
            x.putScalar(i, orig);
            double numeric = (up - down) / (2 * eps);
            double a = analytic.getDouble(i);
            if (Math.abs(a - numeric) / Math.max(1e-6, Math.abs(a) + Math.abs(numeric)) > 1e-5 && Math.abs(a - numeric) > 1e-7) {
                fail(what + " element " + i + ": analytic " + a + " vs numeric " + numeric);
            }
        }
    }
}
