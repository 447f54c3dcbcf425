package dev.hyperforge.engine.layers.normalization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Layer normalization over the last axis, as in Keras: each sample's feature vector is normalised by its
 * own mean and (biased) variance, {@code y = gamma · (x - mean) / sqrt(var + epsilon) + beta}. Unlike
 * batch normalization nothing depends on the other samples of the batch, so training and inference
 * compute the same thing and there are no moving statistics. Parameters, in Keras order: {@code gamma}
 * (ones) when {@code scale}, {@code beta} (zeros) when {@code center}, both of the last axis' size.
 * An input's mask passes through unchanged.
 *
 * <pre>{@code
 * Tensor h = new LayerNormalization(1e-6).call(new Add().call(x, attention));   // (None, 200, 32)
 * }</pre>
 */
public final class LayerNormalization extends Layer {
    private final int axis;
    private final double epsilon;
    private final boolean center;
    private final boolean scale;
    private Param gamma;
    private Param beta;

    /** Keras defaults: axis -1, epsilon 1e-3, center and scale. */
    public LayerNormalization() {
        this(-1, 1e-3, true, true);
    }

    /** Keras defaults with another epsilon. */
    public LayerNormalization(double epsilon) {
        this(-1, epsilon, true, true);
    }

    /**
     * @param axis the normalised axis; only the last axis is supported ({@code -1}, or its positive index)
     * @param epsilon added to the variance (positive)
     * @param center whether to add the learned offset {@code beta}
     * @param scale whether to multiply by the learned {@code gamma}
     */
    public LayerNormalization(int axis, double epsilon, boolean center, boolean scale) {
        if (axis == 0) {
            throw new IllegalArgumentException("LayerNormalization: axis 0 is the batch axis; use axis -1 (the features)");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be positive, received " + epsilon);
        }
        this.axis = axis;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    @Override
    public String type() {
        return "LayerNormalization";
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() < 2) {
            throw shapeError("input of rank >= 2", s, null);
        }
        if (axis != -1 && axis != s.rank() - 1) {
            throw error("normalises the last axis only (axis -1), received axis " + axis + " for input " + s);
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
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        long c = x.size(x.rank() - 1);
        long rows = x.length() / c;
        INDArray x2 = x.reshape(rows, c);
        // the rows' arrays come from reused ones; elementwise ops give the same values in any array
        INDArray xhat = ctx.reusable("ln_xhat", x.dataType(), rows, c);
        INDArray y = ctx.reusable("ln_y", x.dataType(), rows, c);
        if (LayerNormRows.applies(x2, xhat, y)) {
            // the row means in Java too: one pass where the ops took two reductions and a Java pass
            INDArray var = Nd4j.createUninitialized(x.dataType(), rows);
            LayerNormRows.centerAndVariance(x2, xhat, var);
            INDArray invStd = Transforms.pow(var.addi(epsilon), -0.5, false);
            LayerNormRows.scaleShift(xhat, invStd, scale ? gamma.value().toFloatVector() : null, center ? beta.value().toFloatVector() : null, y);
            ctx.save("xhat", xhat);
            ctx.save("invStd", invStd);
            return y.reshape(x.shape());
        }
        INDArray mean = x2.mean(1);
        INDArray tmp = ctx.reusable("ln_tmp", x.dataType(), rows, c);
        boolean loops = LayerNormRows.applies(x2, mean, xhat, tmp, y);
        INDArray squares;
        if (loops) {
            LayerNormRows.center(x2, mean, xhat, tmp);
            squares = tmp;
        } else {
            xhat.assign(x2).subiColumnVector(mean);
            squares = Nd4j.exec(new MulOp(xhat, xhat, tmp))[0];
        }
        INDArray invStd = Transforms.pow(squares.mean(1).addi(epsilon), -0.5, false);
        if (loops && LayerNormRows.applies(invStd)) {
            LayerNormRows.scaleShift(xhat, invStd, scale ? gamma.value().toFloatVector() : null, center ? beta.value().toFloatVector() : null, y);
        } else {
            scaleShiftOps(xhat, invStd, y);
        }
        ctx.save("xhat", xhat);
        ctx.save("invStd", invStd);
        return y.reshape(x.shape());
    }

    private void scaleShiftOps(INDArray xhat, INDArray invStd, INDArray y) {
        xhat.muliColumnVector(invStd);
        y.assign(xhat);
        if (scale) {
            y.muliRowVector(gamma.value());
        }
        if (center) {
            y.addiRowVector(beta.value());
        }
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        INDArray xhat = ctx.get("xhat");
        INDArray invStd = ctx.get("invStd");
        long c = xhat.size(1);
        INDArray g = gradOutput.reshape(xhat.shape());
        if (center) {
            INDArray gb = beta.gradTarget();
            MatMul.columnSumsInto(g, gb);
            beta.finishGrad(gb);
        }
        INDArray tmp = ctx.reusable("ln_tmp", xhat.dataType(), xhat.shape());
        if (scale) {
            INDArray gg = gamma.gradTarget();
            MatMul.columnSumsInto(Nd4j.exec(new MulOp(g, xhat, tmp))[0], gg);
            gamma.finishGrad(gg);
        }
        if (!ctx.needsInputGradient(0)) {
            return java.util.Arrays.asList((INDArray) null);
        }
        INDArray dxhat = ctx.reusable("ln_dx", xhat.dataType(), xhat.shape());
        // dx = invStd · (dxhat - mean(dxhat) - xhat · mean(dxhat · xhat)), means over the normalised axis
        if (LayerNormRows.applies(g, xhat, dxhat, invStd)) {
            LayerNormRows.gradient(g, scale ? gamma.value().toFloatVector() : null, xhat, invStd, dxhat);
            return List.of(dxhat.reshape(gradOutput.shape()));
        }
        if (LayerNormRows.applies(g, xhat, dxhat, tmp, invStd)) {
            LayerNormRows.gradIn(g, scale ? gamma.value().toFloatVector() : null, xhat, dxhat, tmp);
            INDArray meanD = dxhat.mean(1);
            INDArray meanDX = tmp.mean(1);
            if (LayerNormRows.applies(meanD, meanDX)) {
                LayerNormRows.gradOut(dxhat, xhat, meanD, meanDX, invStd);
                return List.of(dxhat.reshape(gradOutput.shape()));
            }
        }
        dxhat.assign(g);
        if (scale) {
            dxhat.muliRowVector(gamma.value());
        }
        INDArray meanD = dxhat.mean(1);
        INDArray meanDX = Nd4j.exec(new MulOp(dxhat, xhat, tmp))[0].mean(1);
        INDArray dx = dxhat.subiColumnVector(meanD).subi(tmp.assign(xhat).muliColumnVector(meanDX)).muliColumnVector(invStd);
        return List.of(dx.reshape(gradOutput.shape()));
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("LayerNormalization", args);
        int[] axes = a.ints("axis", 1, new int[] {-1});
        if (axes.length != 1) {
            throw new IllegalArgumentException("LayerNormalization: normalises one axis (-1), received axis " + java.util.Arrays.toString(axes));
        }
        return new LayerNormalization(axes[0], a.number("epsilon", 1e-3), a.bool("center", true), a.bool("scale", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axis", axis);
        m.put("epsilon", epsilon);
        m.put("center", center);
        m.put("scale", scale);
        return m;
    }
}
