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
 * Fully connected recurrent layer (Keras' {@code SimpleRNN}): per step {@code h = activation(x_t·W + b +
 * h·U)}. Weights {@code kernel (features, units)} (Glorot uniform), {@code recurrent_kernel (units, units)}
 * (orthogonal), {@code bias (units)} (zeros). Shapes, {@code return_sequences}, {@code return_state} (one
 * extra output, {@code h}), {@code go_backwards} and masking as in {@link RecurrentLayer}.
 *
 * <pre>{@code
 * Tensor h = new SimpleRNN(16).call(x);                    // (None, 16)
 * Tensor seq = new SimpleRNN(16, true, false, false).call(x);
 * }</pre>
 */
public final class SimpleRNN extends RecurrentLayer {
    private final Activation activation;
    private final boolean useBias;
    private Param kernel;
    private Param recurrentKernel;
    private Param bias;

    /** A tanh SimpleRNN returning its last hidden state. */
    public SimpleRNN(int units) {
        this(units, false, false, false);
    }

    /** A tanh SimpleRNN with bias and the given output options. */
    public SimpleRNN(int units, boolean returnSequences, boolean returnState, boolean goBackwards) {
        this(units, returnSequences, returnState, goBackwards, Activation.TANH, true);
    }

    /**
     * @param units hidden size (positive)
     * @param returnSequences return every step's hidden state instead of the last
     * @param returnState also return the final hidden state
     * @param goBackwards walk the steps from last to first
     * @param activation the step activation (Keras {@code activation}, default tanh)
     * @param useBias whether to add a bias
     */
    public SimpleRNN(int units, boolean returnSequences, boolean returnState, boolean goBackwards, Activation activation,
                     boolean useBias) {
        super("SimpleRNN", units, returnSequences, returnState, goBackwards);
        this.activation = checkActivation("SimpleRNN", "activation", activation);
        this.useBias = useBias;
    }

    @Override
    public String type() {
        return "SimpleRNN";
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
        kernel = addParam("kernel", init.glorotUniform(features, units, features, units), true);
        recurrentKernel = addParam("recurrent_kernel", init.orthogonal(units, units), true);
        if (useBias) {
            bias = addParam("bias", init.zeros(units), true);
        }
    }

    @Override
    protected RecurrentMath.State run(INDArray x, StepLayout layout, LayerContext ctx) {
        RecurrentCell cell = RecurrentCell.simple(layout, units, activation);
        return RecurrentMath.forward(cell, "rnn", x, kernel.value(), recurrentKernel.value(), useBias ? bias.value() : null, null, ctx);
    }

    @Override
    protected INDArray runBackward(RecurrentMath.State s, INDArray dh, INDArray dc, INDArray seq, LayerContext ctx) {
        INDArray dw = kernel.gradTarget();
        INDArray dr = recurrentKernel.gradTarget();
        INDArray db = useBias ? bias.gradTarget() : null;
        RecurrentMath.Grads g = RecurrentMath.backward(s, dh, null, seq, kernel.value(), recurrentKernel.value(),
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
        LayerArgs a = new LayerArgs("SimpleRNN", args);
        boolean[] c = common(a);
        return new SimpleRNN(a.integer("units"), c[0], c[1], c[2], Activation.parse(a.string("activation", "tanh")),
                a.bool("use_bias", true));
    }

    @Override
    public Map<String, Object> arguments() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", units);
        m.put("activation", activation.keras());
        m.put("use_bias", useBias);
        putCommon(m);
        return m;
    }
}
