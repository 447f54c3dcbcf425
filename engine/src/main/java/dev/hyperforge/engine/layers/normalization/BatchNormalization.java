package dev.hyperforge.engine.layers.normalization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Batch normalization over the last axis (channels last), as in Keras:
 * {@code y = gamma · (x - mean) / sqrt(var + epsilon) + beta}.
 *
 * <p>While training, {@code mean} and {@code var} are the (biased) statistics of the batch over every
 * axis but the last, the backward pass goes through them, and the non-trainable moving statistics are
 * updated as {@code moving = moving · momentum + batch · (1 - momentum)}. At inference the moving
 * statistics are used. Parameters, in Keras order: {@code gamma}, {@code beta} (trainable),
 * {@code moving_mean}, {@code moving_variance} (not trainable).
 *
 * <pre>{@code
 * Tensor h = new BatchNormalization().call(new Dense(64).call(x));
 * Tensor h2 = new BatchNormalization(-1, 0.9, 1e-5, true, true).call(conv);
 * }</pre>
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private final double momentum;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private Param gamma;
    private Param beta;
    private Param movingMean;
    private Param movingVariance;

    /** Keras defaults: axis -1, momentum 0.99, epsilon 1e-3, center and scale. */
    public BatchNormalization() {
        this(-1, 0.99, 1e-3, true, true);
    }

    /**
     * @param axis the normalised (feature) axis; only the last axis is supported ({@code -1})
     * @param momentum decay of the moving statistics, in [0, 1]
     * @param epsilon added to the variance (positive)
     * @param center whether to add the learned offset {@code beta}
     * @param scale whether to multiply by the learned {@code gamma}
     */
    public BatchNormalization(int axis, double momentum, double epsilon, boolean center, boolean scale) {
        if (axis == 0) {
            throw new IllegalArgumentException("BatchNormalization: axis 0 is the batch axis; use axis -1 (channels last)");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], received " + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("BatchNormalization: epsilon must be positive, received " + epsilon);
        }
        this.axis = axis;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("gamma_regularizer", "gamma", "beta_regularizer", "beta");
    }

    @Override
    public String type() {
        return "BatchNormalization";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() < 2) {
            throw shapeError("input of rank >= 2", s, null);
        }
        if (axis != -1 && axis != s.rank() - 1) {
            throw error("normalises the last axis only (axis -1, channels last), received axis " + axis + " for input " + s);
        }
        if (s.dim(-1) == Shape.UNKNOWN) {
            throw shapeError("a known last dimension (the normalised axis)", s, null);
        }
        return s;
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int c = in.get(0).dim(-1);
        gamma = scale ? addParam("gamma", init.ones(c), true) : null;
        beta = center ? addParam("beta", init.zeros(c), true) : null;
        movingMean = addParam("moving_mean", init.zeros(c), false);
        movingVariance = addParam("moving_variance", init.ones(c), false);
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        long c = x.size(x.rank() - 1);
        INDArray x2 = x.reshape(x.length() / c, c);
        INDArray mean;
        INDArray var;
        if (ctx.training()) {
            mean = x2.mean(0);
            var = x2.var(false, 0);
            movingMean.value().muli(momentum).addi(mean.mul(1 - momentum));
            movingVariance.value().muli(momentum).addi(var.mul(1 - momentum));
        } else {
            mean = movingMean.value();
            var = movingVariance.value();
        }
        INDArray invStd = Transforms.pow(var.add(epsilon), -0.5, false);
        INDArray xhat = x2.subRowVector(mean).muliRowVector(invStd);
        INDArray y = scale ? xhat.mulRowVector(gamma.value()) : xhat.dup();
        if (center) {
            y.addiRowVector(beta.value());
        }
        ctx.save("xhat", xhat);
        ctx.save("invStd", invStd);
        return y.reshape(x.shape());
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray xhat = ctx.get("xhat");
        INDArray invStd = ctx.get("invStd");
        long n = xhat.size(0);
        INDArray g = gradOutput.reshape(xhat.shape());
        if (center) {
            beta.accumulate(g.sum(0));
        }
        if (scale) {
            gamma.accumulate(g.mul(xhat).sum(0));
        }
        INDArray dxhat = scale ? g.mulRowVector(gamma.value()) : g;
        INDArray dx;
        if (ctx.training()) {
            // dx = invStd / n · (n·dxhat - Σdxhat - xhat·Σ(dxhat·xhat)), sums over the batch axis
            INDArray sumD = dxhat.sum(0);
            INDArray sumDX = dxhat.mul(xhat).sum(0);
            dx = dxhat.mul(n).subiRowVector(sumD).subi(xhat.mulRowVector(sumDX)).muliRowVector(invStd.div(n));
        } else {
            dx = dxhat.mulRowVector(invStd);
        }
        return List.of(dx.reshape(gradOutput.shape()));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("BatchNormalization", args);
        int[] axes = a.ints("axis", 1, new int[] {-1});
        if (axes.length != 1) {
            throw new IllegalArgumentException("BatchNormalization: normalises one axis (-1), received axis " + java.util.Arrays.toString(axes));
        }
        return new BatchNormalization(axes[0], a.number("momentum", 0.99), a.number("epsilon", 1e-3),
                a.bool("center", true), a.bool("scale", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", axis);
        m.put("momentum", momentum);
        m.put("epsilon", epsilon);
        m.put("center", center);
        m.put("scale", scale);
        return m;
    }
}
