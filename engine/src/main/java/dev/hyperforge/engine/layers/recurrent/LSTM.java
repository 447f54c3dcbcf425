package dev.hyperforge.engine.layers.recurrent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.LstmMath;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Long short-term memory layer (Keras semantics and weight layout). Input {@code (batch, steps,
 * features)} with {@code steps} possibly None; output the last hidden state {@code (batch, units)},
 * or every hidden state {@code (batch, steps, units)} with {@code return_sequences}.
 *
 * <p>Weights: {@code kernel (features, 4*units)} (Glorot uniform), {@code recurrent_kernel (units,
 * 4*units)} (orthogonal), {@code bias (4*units)} (zeros, forget slice ones with
 * {@code unit_forget_bias}); gate order i, f, c, o. Per step:
 * {@code z = x_t·W + h·U + b; i = σ(z_i); f = σ(z_f); g = tanh(z_c); o = σ(z_o);
 * c = f⊙c + i⊙g; h = o⊙tanh(c)} (σ = recurrent_activation, tanh = activation).
 *
 * <pre>{@code
 * Tensor q = new LSTM(16).call(new Embedding(10000, 32).call(Input.ints("question", Shape.UNKNOWN)));
 * Tensor seq = new LSTM(32, true).named("encoder").call(x);   // (None, None, 32)
 * }</pre>
 */
public final class LSTM extends Layer {
    private final int units;
    private final boolean returnSequences;
    private final Activation activation;
    private final Activation recurrentActivation;
    private final boolean useBias;
    private final boolean unitForgetBias;
    private Param kernel;
    private Param recurrentKernel;
    private Param bias;

    /** An LSTM returning its last hidden state. */
    public LSTM(int units) {
        this(units, false);
    }

    /** An LSTM with Keras defaults (tanh, sigmoid, bias, unit forget bias). */
    public LSTM(int units, boolean returnSequences) {
        this(units, returnSequences, Activation.TANH, Activation.SIGMOID, true, true);
    }

    /**
     * @param units size of the hidden and cell state (positive)
     * @param returnSequences return every step's hidden state instead of the last
     * @param activation cell-input and output activation (Keras {@code activation})
     * @param recurrentActivation gate activation (Keras {@code recurrent_activation})
     * @param useBias whether to add a bias
     * @param unitForgetBias whether the forget-gate bias starts at one
     */
    public LSTM(int units, boolean returnSequences, Activation activation, Activation recurrentActivation,
                boolean useBias, boolean unitForgetBias) {
        if (units <= 0) {
            throw new IllegalArgumentException("LSTM: units must be positive, received " + units);
        }
        if (activation == Activation.SOFTMAX || recurrentActivation == Activation.SOFTMAX) {
            throw new IllegalArgumentException("LSTM: softmax is not supported as activation or recurrent_activation");
        }
        this.units = units;
        this.returnSequences = returnSequences;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.useBias = useBias;
        this.unitForgetBias = unitForgetBias;
    }

    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("kernel_regularizer", "kernel", "recurrent_regularizer", "recurrent_kernel", "bias_regularizer", "bias");
    }

    @Override
    public String type() {
        return "LSTM";
    }

    /** Hidden state size. */
    public int units() {
        return units;
    }

    /** Whether every step's hidden state is returned. */
    public boolean returnSequences() {
        return returnSequences;
    }

    @Override
    public Shape outputShape(List<Shape> in) {
        Shape s = in.get(0);
        if (s.rank() != 3) {
            throw shapeError("input of rank 3 (batch, steps, features)", s, s.rank() == 2
                    ? "feed token ids through an Embedding first, or reshape features to (steps, features)" : null);
        }
        if (s.dim(-1) == Shape.UNKNOWN) {
            throw shapeError("a known feature (last) dimension", s, null);
        }
        return returnSequences ? Shape.of(s.dim(0), s.dim(1), units) : Shape.of(s.dim(0), units);
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int features = in.get(0).dim(-1);
        kernel = addParam("kernel", init.glorotUniform(features, 4L * units, features, 4L * units), true);
        recurrentKernel = addParam("recurrent_kernel", init.orthogonal(units, 4 * units), true);
        if (useBias) {
            INDArray b = init.zeros(4L * units);
            if (unitForgetBias) {
                LstmMath.gate(b, 1, units).assign(1.0);
            }
            bias = addParam("bias", b, true);
        }
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        if (x.rank() != 3) {
            throw shapeError("input of rank 3 (batch, steps, features)", Shape.ofArray(x.shape()), null);
        }
        INDArray w = kernel.value();
        INDArray xt = x.dataType() == w.dataType() ? x : x.castTo(w.dataType());
        LstmMath.State s = LstmMath.forward(xt, w, recurrentKernel.value(), useBias ? bias.value() : null,
                activation, recurrentActivation, ctx);
        ctx.setExtra(s);
        if (returnSequences) {
            return s.hiddenSequence(w.dataType());
        }
        return s.lastHidden(w.dataType());
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        LstmMath.State s = ctx.extra();
        if (s == null) {
            throw new IllegalStateException("backward called without forward on " + describe());
        }
        INDArray dw = kernel.gradTarget();
        INDArray dr = recurrentKernel.gradTarget();
        INDArray db = useBias ? bias.gradTarget() : null;
        LstmMath.Grads g = LstmMath.backward(s, gradOutput, returnSequences, kernel.value(), recurrentKernel.value(),
                activation, recurrentActivation, ctx.needsInputGradient(0), ctx, dw, dr, db);
        kernel.finishGrad(dw);
        recurrentKernel.finishGrad(dr);
        if (useBias) {
            bias.finishGrad(db);
        }
        return java.util.Arrays.asList(g.input());
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("LSTM", args);
        return new LSTM(a.integer("units"), a.bool("return_sequences", false),
                Activation.parse(a.string("activation", "tanh")), Activation.parse(a.string("recurrent_activation", "sigmoid")),
                a.bool("use_bias", true), a.bool("unit_forget_bias", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", units);
        m.put("activation", activation.keras());
        m.put("recurrent_activation", recurrentActivation.keras());
        m.put("use_bias", useBias);
        m.put("unit_forget_bias", unitForgetBias);
        m.put("return_sequences", returnSequences);
        return m;
    }
}
