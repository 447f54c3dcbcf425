package dev.hyperforge.engine.layers.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.Activations;
import dev.hyperforge.engine.kernels.MatMul;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.SmallDense;
import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.kernels.SparseInput;
import dev.hyperforge.engine.kernels.SparseLayerGrads;
import dev.hyperforge.engine.layers.ActivatedLayer;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Fully connected layer: {@code activation(x · kernel + bias)} over the last axis. A mostly-zero float input (a
 * multi-hot vector) takes {@link SparseInput}'s products in training passes at numerics level V5.
 *
 * <pre>{@code
 * Tensor h = new Dense(64, "relu").call(x);                  // (None, 64)
 * Tensor income = new Dense(10, "softmax").named("income").call(h);
 * }</pre>
 */
public final class Dense extends Layer implements ActivatedLayer {
    private final int units;
    private final Activation activation;
    private final boolean useBias;
    private Param kernel;
    private Param bias;

    /** A dense layer with bias. */
    public Dense(int units, String activation) {
        this(units, Activation.parse(activation), true);
    }

    /**
     * @param units output size (positive)
     * @param activation final activation
     * @param useBias whether to add a bias
     */
    public Dense(int units, Activation activation, boolean useBias) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, received " + units);
        }
        this.units = units;
        this.activation = activation;
        this.useBias = useBias;
    }

    /** A linear dense layer. */
    public Dense(int units) {
        this(units, Activation.LINEAR, true);
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("kernel_regularizer", "kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "Dense";
    }

    /** Output size. */
    public int units() {
        return units;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    /** Passes its input's mask on (Keras {@code supports_masking}). */
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
        if (s.dim(-1) == Shape.UNKNOWN) {
            throw shapeError("a known last dimension", s, null);
        }
        return s.with(-1, units);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int fanIn = in.get(0).dim(-1);
        kernel = addParam("kernel", init.glorotUniform(fanIn, units, fanIn, units), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(units), true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        if (SmallDense.supports(activation) && SmallKernels.denseFits(x, kernel.value()) && SmallKernels.readable(bias == null ? x : bias.value())) {
            return smallForward(x, ctx);
        }
        long[] shape = x.shape();
        INDArray x2 = x.rank() == 2 ? x : x.reshape(x.length() / shape[shape.length - 1], shape[shape.length - 1]);
        INDArray z = ctx.reusable("dense_z", x2.dataType(), x2.size(0), units);
        SparseInput sparse = SparseInput.applies(x2, kernel.value(), ctx.backwardFollows()) ? ctx.keep("sparse_input", SparseInput::new) : null;
        // a rank-2 relu or linear layer gets its bias and activation in the scan (the same bits as the ops below)
        boolean finished = sparse != null && x.rank() == 2 && (activation == Activation.RELU || activation == Activation.LINEAR)
                && (!useBias || bias.value().dataType() == z.dataType() && bias.value().length() == units && SmallKernels.readable(bias.value()));
        if (sparse != null && sparse.forward(x2, kernel.value(), finished && useBias ? bias.value() : null, finished && activation == Activation.RELU, z)) {
            ctx.setExtra(sparse);
        } else {
            finished = false;
            MatMul.mmInto(x2, kernel.value(), false, false, z);
        }
        INDArray a;
        if (finished) {   // rank 2: the scan added the bias and applied the activation
            a = Activations.appliedInPlace(activation, z);
        } else if (useBias && x.rank() == 2) {
            a = Activations.addBiasAndForward(activation, z, bias.value(), ctx);
        } else {
            if (useBias) {
                z.addiRowVector(bias.value());
            }
            if (x.rank() != 2) {
                long[] outShape = shape.clone();
                outShape[outShape.length - 1] = units;
                z = z.reshape(outShape);
            }
            a = Activations.forward(activation, z, ctx);
        }
        ctx.save("x2", x2);
        ctx.save("a", a);
        return a;
    }

    /** The Java path for small products ({@link SmallDense}); saves the same arrays as the op path. */
    private INDArray smallForward(INDArray x, LayerContext ctx) {
        long rows = x.size(0);
        INDArray logits = Activations.keepsLogits(activation) ? ctx.reusable("dense_z", x.dataType(), rows, units) : null;
        INDArray a = ctx.reusable(logits == null ? "dense_z" : "dense_a", x.dataType(), rows, units);
        ctx.setExtra(SmallDense.forward(x, kernel.value(), useBias ? bias.value() : null, activation, a, logits, ctx));
        if (logits != null) {
            ctx.save("z", logits);
        }
        ctx.save("x2", x);
        ctx.save("a", a);
        return a;
    }

    @Override
    public INDArray logits(LayerContext ctx) {
        return Activations.logits(describe(), activation, ctx);
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        if (ctx.extra() instanceof SmallDense.Saved s && SmallKernels.readable(gradOutput)) {
            return smallBackward(s, gradOutput, false, ctx);
        }
        return backwardFromLogits(Activations.backward(activation, ctx.get("a"), gradOutput, ctx), ctx);
    }

    @Override
    public List<INDArray> backwardFromLogits(INDArray gradLogits, LayerContext ctx) {
        if (ctx.extra() instanceof SmallDense.Saved s && SmallKernels.readable(gradLogits)) {
            return smallBackward(s, gradLogits, true, ctx);
        }
        INDArray x2 = ctx.get("x2");
        INDArray g2 = gradLogits.rank() == 2 ? gradLogits : gradLogits.reshape(gradLogits.length() / units, units);
        INDArray gw = kernel.gradTarget();
        if (!(ctx.extra() instanceof SparseInput s && s.holds(x2) && s.kernelGradient(g2, gw))) {
            MatMul.mmInto(x2, g2, true, false, gw);
        }
        kernel.finishGrad(gw);
        if (useBias) {
            INDArray gb = bias.gradTarget();
            if (!(ctx.extra() instanceof SparseInput && Numerics.current().atLeast(Numerics.V6)
                    && ctx.keep("sparse_grads", SparseLayerGrads::new).biasGradient(g2, gb))) {
                MatMul.columnSumsInto(g2, gb);
            }
            bias.finishGrad(gb);
        }
        if (!ctx.needsInputGradient(0)) {
            return java.util.Arrays.asList((INDArray) null);
        }
        INDArray gx = MatMul.mmInto(g2, kernel.value(), false, true, ctx.reusable("dense_dx", g2.dataType(), g2.size(0), x2.size(1)));
        long[] inShape = ctx.get("a").shape().clone();
        if (inShape.length != 2) {
            inShape[inShape.length - 1] = x2.size(1);
            gx = gx.reshape(inShape);
        }
        return List.of(gx);
    }

    private List<INDArray> smallBackward(SmallDense.Saved s, INDArray grad, boolean fromLogits, LayerContext ctx) {
        INDArray gw = kernel.gradTarget();
        INDArray gb = useBias ? bias.gradTarget() : null;
        INDArray dx = ctx.needsInputGradient(0) ? ctx.reusable("dense_dx", grad.dataType(), s.rows(), s.in()) : null;
        SmallDense.backward(s, grad, fromLogits, gw, gb, dx);
        kernel.finishGrad(gw);
        if (useBias) {
            bias.finishGrad(gb);
        }
        return java.util.Arrays.asList(dx);
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("Dense", args);
        return new Dense(a.integer("units"), Activation.parse(a.string("activation", "linear")), a.bool("use_bias", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", units);
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        return m;
    }
}
