package dev.hyperforge.engine.layers.convolutional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Conv2DOps;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * A float32 {@code Conv2D} at numerics V5 (libnd4j's {@code conv2d} and {@code conv2d_bp}, bit for bit) and at V6
 * (oneDNN 3.x, {@code OneDnnConv2D}): which path each level takes, V6 within float rounding of V5, and V6's
 * gradients against central differences of the loss.
 */
class Conv2DLevelsTest {
    private static final String SITE = "keep:onednn_conv2d";

    @Test
    void levelFiveKeepsTheOpsBitsAndLevelSixRunsOnOneDnn() {
        for (Activation act : new Activation[] {Activation.LINEAR, Activation.RELU, Activation.TANH}) {
            for (int[] s : new int[][] {{1, 1}, {2, 1}}) {
                String name = act + " strides " + s[0] + "," + s[1];
                Conv2D c = layer(act, s);
                INDArray x = LayerChecks.randomDouble(3, 3, 6, 5, 16).castTo(DataType.FLOAT);
                Map<String, Object> kept5 = new HashMap<>();
                INDArray[] v5 = pass(c, x, Numerics.V5, kept5);
                Map<String, Object> kept6 = new HashMap<>();
                INDArray[] v6 = pass(c, x, Numerics.V6, kept6);
                assertFalse(kept5.containsKey(SITE), name + ": V5 builds no oneDNN 3.x plan");
                assertTrue(kept6.containsKey(SITE), name + ": V6 runs on oneDNN 3.x");
                for (int i = 0; i < v5.length; i++) {
                    double scale = Math.max(1e-3, v5[i].amaxNumber().doubleValue());
                    double err = Transforms.abs(v6[i].castTo(DataType.DOUBLE).sub(v5[i].castTo(DataType.DOUBLE))).maxNumber().doubleValue();
                    assertTrue(err <= 2e-5 * scale, name + " result " + i + ": V6 against V5 " + err + " at scale " + scale);
                }
                if (act == Activation.LINEAR) {
                    INDArray[] ops = ops(c, x, s);
                    for (int i = 0; i < ops.length; i++) {
                        assertArrayEquals(ops[i].data().asInt(), v5[i].data().asInt(), name + ": V5 is libnd4j's ops, bit for bit (" + i + ")");
                    }
                }
            }
        }
    }

    @Test
    void levelSixGradientsMatchCentralDifferences() {
        Numerics was = Numerics.set(Numerics.V6);
        try {
            Conv2D c = layer(Activation.LINEAR, new int[] {1, 1});
            INDArray x = LayerChecks.randomDouble(5, 2, 6, 5, 16).castTo(DataType.FLOAT);
            INDArray r = LayerChecks.randomDouble(6, 2, 6, 5, 8).castTo(DataType.FLOAT);
            // loss = sum(conv(x) * r): its gradient with respect to the output is r
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            c.params().forEach(Param::clearGrad);
            c.forward(List.of(x), ctx);
            INDArray gx = c.backward(r, ctx).get(0).dup();
            INDArray gw = c.params().get(0).grad().dup();
            INDArray gb = c.params().get(1).grad().dup();
            SplittableRandom pick = new SplittableRandom(7);
            for (int t = 0; t < 12; t++) {
                check(c, x, r, x, gx, pick.nextInt((int) x.length()), "input");
                check(c, x, r, c.params().get(0).value(), gw, pick.nextInt((int) gw.length()), "kernel");
                check(c, x, r, c.params().get(1).value(), gb, pick.nextInt((int) gb.length()), "bias");
            }
        } finally {
            Numerics.set(was);
        }
    }

    private static void check(Conv2D c, INDArray x, INDArray r, INDArray target, INDArray grad, int i, String what) {
        float eps = 1e-2f;
        float v = target.getFloat(i);
        target.putScalar(i, v + eps);
        double up = loss(c, x, r);
        target.putScalar(i, v - eps);
        double down = loss(c, x, r);
        target.putScalar(i, v);
        double numeric = (up - down) / (2 * eps);
        double analytic = grad.getDouble(i);
        assertTrue(Math.abs(numeric - analytic) <= 2e-3 * Math.max(1, Math.abs(analytic)), what + " " + i + ": " + numeric + " against " + analytic);
    }

    private static double loss(Conv2D c, INDArray x, INDArray r) {
        INDArray out = c.forward(List.of(x), new LayerContext(false, new SplittableRandom(0)));
        return out.castTo(DataType.DOUBLE).mul(r.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
    }

    private static Conv2D layer(Activation act, int[] strides) {
        Conv2D c = new Conv2D(8, new int[] {3, 3}, strides, "same", act, true);
        c.build(List.of(Shape.batchOf(6, 5, 16)), new ParamInit(new SplittableRandom(4), DataType.FLOAT));
        c.params().get(1).value().assign(LayerChecks.randomDouble(8, 8));
        return c;
    }

    /** Output, input gradient, kernel and bias gradients of one training pass at {@code level}. */
    private static INDArray[] pass(Conv2D c, INDArray x, Numerics level, Map<String, Object> kept) {
        Numerics was = Numerics.set(level);
        try {
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            ctx.reuseBuffers(kept);
            c.params().forEach(Param::clearGrad);
            INDArray out = c.forward(List.of(x), ctx).dup();
            INDArray g = LayerChecks.randomDouble(9, out.shape()).castTo(DataType.FLOAT);
            INDArray gx = c.backward(g, ctx).get(0).dup();
            return new INDArray[] {out, gx, c.params().get(0).grad().dup(), c.params().get(1).grad().dup()};
        } finally {
            Numerics.set(was);
        }
    }

    /** libnd4j's {@code conv2d} and {@code conv2d_bp} on the layer's float parameters (a linear layer). */
    private static INDArray[] ops(Conv2D c, INDArray x, int[] strides) {
        INDArray w = c.params().get(0).value();
        INDArray b = c.params().get(1).value();
        int[] args = Conv2DOps.convArgs(new int[] {3, 3}, strides, true);
        INDArray z = Conv2DOps.outputLike(x, new int[] {3, 3}, strides, true, 8);
        Conv2DOps.exec("conv2d", new INDArray[] {x, w, b}, new INDArray[] {z}, args);
        INDArray g = LayerChecks.randomDouble(9, z.shape()).castTo(DataType.FLOAT);
        INDArray gx = Nd4j.create(DataType.FLOAT, x.shape());
        INDArray gw = Nd4j.create(DataType.FLOAT, w.shape());
        INDArray gb = Nd4j.create(DataType.FLOAT, b.shape());
        Conv2DOps.exec("conv2d_bp", new INDArray[] {x, w, b, g}, new INDArray[] {gx, gw, gb}, args);
        return new INDArray[] {z, gx, gw, gb};
    }
}
