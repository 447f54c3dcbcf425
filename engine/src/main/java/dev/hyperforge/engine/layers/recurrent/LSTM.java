package dev.hyperforge.engine.layers.recurrent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.LstmMath;
import dev.hyperforge.engine.kernels.RecurrentCell;
import dev.hyperforge.engine.kernels.RecurrentMath;
import dev.hyperforge.engine.kernels.StepLayout;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Long short-term memory layer (Keras semantics and weight layout). Input {@code (batch, steps,
 * features)} with {@code steps} possibly None; output the last hidden state {@code (batch, units)},
 * or every hidden state {@code (batch, steps, units)} with {@code return_sequences}; with
 * {@code return_state} also the final {@code h} and {@code c}; masks and {@code go_backwards} as in
 * {@link RecurrentLayer}.
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
 * List<Tensor> outHC = new LSTM(32, false, true, false).callAll(x);   // output, h, c
 * }</pre>
 */
public final class LSTM extends RecurrentLayer {
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
        this(units, returnSequences, false, false);
    }

    /** An LSTM with Keras defaults and the given output options. */
    public LSTM(int units, boolean returnSequences, boolean returnState, boolean goBackwards) {
        this(units, returnSequences, returnState, goBackwards, Activation.TANH, Activation.SIGMOID, true, true);
    }

    /** The constructor of earlier versions: no states returned, steps first to last. */
    public LSTM(int units, boolean returnSequences, Activation activation, Activation recurrentActivation,
                boolean useBias, boolean unitForgetBias) {
        this(units, returnSequences, false, false, activation, recurrentActivation, useBias, unitForgetBias);
    }

    /**
     * @param units size of the hidden and cell state (positive)
     * @param returnSequences return every step's hidden state instead of the last
     * @param returnState also return the final hidden and cell states
     * @param goBackwards walk the steps from last to first
     * @param activation cell-input and output activation (Keras {@code activation})
     * @param recurrentActivation gate activation (Keras {@code recurrent_activation})
     * @param useBias whether to add a bias
     * @param unitForgetBias whether the forget-gate bias starts at one
     */
    public LSTM(int units, boolean returnSequences, boolean returnState, boolean goBackwards, Activation activation,
                Activation recurrentActivation, boolean useBias, boolean unitForgetBias) {
        super("LSTM", units, returnSequences, returnState, goBackwards);
        this.activation = checkActivation("LSTM", "activation", activation);
        this.recurrentActivation = checkActivation("LSTM", "recurrent_activation", recurrentActivation);
        this.useBias = useBias;
        this.unitForgetBias = unitForgetBias;
    }

    @Override
    public String type() {
        return "LSTM";
    }

    @Override
    protected int stateCount() {
        return 2;
    }

    @Override
    protected DataType weightType() {
        return kernel.value().dataType();
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
    protected RecurrentMath.State run(INDArray x, StepLayout layout, LayerContext ctx) {
        boolean single = kernel.value().dataType() == DataType.FLOAT;
        RecurrentCell cell = RecurrentCell.lstm(layout, units, activation, recurrentActivation, single, returnState);
        return RecurrentMath.forward(cell, "lstm", x, kernel.value(), recurrentKernel.value(), useBias ? bias.value() : null, null, ctx);
    }

    @Override
    protected INDArray runBackward(RecurrentMath.State s, INDArray dh, INDArray dc, INDArray seq, LayerContext ctx) {
        INDArray dw = kernel.gradTarget();
        INDArray dr = recurrentKernel.gradTarget();
        INDArray db = useBias ? bias.gradTarget() : null;
        RecurrentMath.Grads g = RecurrentMath.backward(s, dh, dc, seq, kernel.value(), recurrentKernel.value(),
                ctx.needsInputGradient(0), ctx, dw, dr, db, null);
        kernel.finishGrad(dw);
        recurrentKernel.finishGrad(dr);
        if (useBias) {
            bias.finishGrad(db);
        }
        return g.input();
    }

    /** Rebuilds from {@link #arguments()}. */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("LSTM", args);
        boolean[] c = common(a);
        return new LSTM(a.integer("units"), c[0], c[1], c[2],
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
        putCommon(m);
        return m;
    }
}
