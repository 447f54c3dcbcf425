package dev.hyperforge.engine.layers.recurrent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
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
 * Gated recurrent unit with Keras' default {@code reset_after=True} (the cuDNN/PyTorch form). Shapes,
 * {@code return_sequences}, {@code return_state} (one extra output, {@code h}), {@code go_backwards} and
 * masking as in {@link RecurrentLayer}.
 *
 * <p>Weights as in Keras: {@code kernel (features, 3*units)} (Glorot uniform), {@code recurrent_kernel
 * (units, 3*units)} (orthogonal), {@code bias (2, 3*units)} (zeros; row 0 the input bias, row 1 the
 * recurrent bias); gate order z (update), r (reset), h (candidate). Per step:
 * {@code x_* = x_t·W_* + b_in; q_* = h·U_* + b_rec; z = σ(x_z + q_z); r = σ(x_r + q_r);
 * n = tanh(x_h + r⊙q_h); h = z⊙h + (1 - z)⊙n}. Parameter count {@code 3·units·(features + units + 2)}.
 *
 * <pre>{@code
 * Tensor h = new GRU(64).call(new Embedding(20000, 128, true).call(ids));      // (None, 64)
 * List<Tensor> outAndH = new GRU(32, true, true, false).callAll(x);              // sequences, h
 * }</pre>
 */
public final class GRU extends RecurrentLayer {
    private final Activation activation;
    private final Activation recurrentActivation;
    private final boolean useBias;
    private Param kernel;
    private Param recurrentKernel;
    private Param bias;

    /** A GRU returning its last hidden state. */
    public GRU(int units) {
        this(units, false, false, false);
    }

    /** A GRU with Keras defaults (tanh, sigmoid, bias) and the given output options. */
    public GRU(int units, boolean returnSequences, boolean returnState, boolean goBackwards) {
        this(units, returnSequences, returnState, goBackwards, Activation.TANH, Activation.SIGMOID, true);
    }

    /**
     * @param units hidden size (positive)
     * @param returnSequences return every step's hidden state instead of the last
     * @param returnState also return the final hidden state
     * @param goBackwards walk the steps from last to first
     * @param activation candidate activation (Keras {@code activation})
     * @param recurrentActivation gate activation (Keras {@code recurrent_activation})
     * @param useBias whether to add the input and recurrent biases
     */
    public GRU(int units, boolean returnSequences, boolean returnState, boolean goBackwards, Activation activation,
               Activation recurrentActivation, boolean useBias) {
        super("GRU", units, returnSequences, returnState, goBackwards);
        this.activation = checkActivation("GRU", "activation", activation);
        this.recurrentActivation = checkActivation("GRU", "recurrent_activation", recurrentActivation);
        this.useBias = useBias;
    }

    @Override
    public String type() {
        return "GRU";
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected DataType weightType() {
        return kernel.value().dataType();
    }

    @Override
    protected void buildParams(List<Shape> in, ParamInit init) {
        int features = in.get(0).dim(-1);
        kernel = addParam("kernel", init.glorotUniform(features, 3L * units, features, 3L * units), true);
        recurrentKernel = addParam("recurrent_kernel", init.orthogonal(units, 3 * units), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(2, 3L * units), true);
        }
    }

    @Override
    protected RecurrentMath.State run(INDArray x, StepLayout layout, LayerContext ctx) {
        RecurrentCell cell = RecurrentCell.gru(layout, units, activation, recurrentActivation, weightType() == DataType.FLOAT);
        INDArray bIn = useBias ? bias.value().getRow(0) : null;
        INDArray bRec = useBias ? bias.value().getRow(1) : null;
        return RecurrentMath.forward(cell, "gru", x, kernel.value(), recurrentKernel.value(), bIn, bRec, ctx);
    }

    @Override
    protected INDArray runBackward(RecurrentMath.State s, INDArray dh, INDArray dc, INDArray seq, LayerContext ctx) {
        INDArray dw = kernel.gradTarget();
        INDArray dr = recurrentKernel.gradTarget();
        DataType dt = weightType();
        INDArray dbIn = useBias ? ctx.reusable("gru_db_in", dt, 3L * units) : null;
        INDArray dbRec = useBias ? ctx.reusable("gru_db_rec", dt, 3L * units) : null;
        RecurrentMath.Grads g = RecurrentMath.backward(s, dh, null, seq, kernel.value(), recurrentKernel.value(),
                ctx.needsInputGradient(0), ctx, dw, dr, dbIn, dbRec);
        kernel.finishGrad(dw);
        recurrentKernel.finishGrad(dr);
        if (useBias) {
            INDArray db = bias.gradTarget();
            db.getRow(0).assign(dbIn);
            db.getRow(1).assign(dbRec);
            bias.finishGrad(db);
        }
        return g.input();
    }

    /** Rebuilds from {@link #arguments()}; {@code reset_after} must be true (the only form implemented). */
    public static Layer fromConfig(Map<String, Object> args) {
        LayerArgs a = new LayerArgs("GRU", args);
        if (!a.bool("reset_after", true)) {
            throw new IllegalArgumentException("GRU: reset_after=false is not supported; use the Keras default reset_after=true");
        }
        boolean[] c = common(a);
        return new GRU(a.integer("units"), c[0], c[1], c[2], Activation.parse(a.string("activation", "tanh")),
                Activation.parse(a.string("recurrent_activation", "sigmoid")), a.bool("use_bias", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", units);
        m.put("activation", activation.keras());
        m.put("recurrent_activation", recurrentActivation.keras());
        m.put("use_bias", useBias);
        m.put("reset_after", true);
        putCommon(m);
        return m;
    }
}
