package dev.hyperforge.engine.layers.recurrent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.RecurrentMath;
import dev.hyperforge.engine.kernels.StepLayout;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerArgs;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * What LSTM, GRU and SimpleRNN share (Keras' {@code RNN} base): input {@code (batch, steps, features)},
 * output the last hidden state {@code (batch, units)} or, with {@code return_sequences}, every step's
 * {@code (batch, steps, units)}; with {@code return_state} the final states follow as extra outputs
 * ({@link #callAll}); {@code go_backwards} walks the steps from last to first and returns the sequence in
 * that order. The input's mask is honoured as in Keras: a masked step leaves the states unchanged and
 * outputs the carried hidden state (zeros when the layer runs inside {@code Bidirectional} with sequences);
 * the output keeps the mask only with {@code return_sequences}.
 *
 * <pre>{@code
 * List<Tensor> out = new LSTM(32, false, true, false).callAll(x);   // [last h, h, c]
 * }</pre>
 */
public abstract class RecurrentLayer extends Layer {
    /** Hidden size. */
    protected final int units;
    /** Whether every step's output is returned. */
    protected final boolean returnSequences;
    /** Whether the final states are returned as extra outputs. */
    protected final boolean returnState;
    /** Whether the steps are walked from last to first. */
    protected final boolean goBackwards;
    private boolean zeroOutputForMask;
    private boolean sequenceInInputOrder;

    /** Every recurrent layer's weights: kernel, recurrent_kernel and bias, each with its Keras regularizer argument. */
    @Override
    protected Map<String, String> regularizerArguments() {
        return Map.of("kernel_regularizer", "kernel", "recurrent_regularizer", "recurrent_kernel", "bias_regularizer", "bias");
    }

    protected RecurrentLayer(String type, int units, boolean returnSequences, boolean returnState, boolean goBackwards) {
        if (units <= 0) {
            throw new IllegalArgumentException(type + ": units must be positive, received " + units);
        }
        this.units = units;
        this.returnSequences = returnSequences;
        this.returnState = returnState;
        this.goBackwards = goBackwards;
    }

    /**
     * Refuses an activation the recurrent kernels cannot run, when the layer is made (so an experiment
     * file is refused at validation): softmax, and gelu and silu, whose derivatives need the
     * pre-activation values that the kernels do not keep. Returns {@code a}.
     *
     * @param argument the Keras argument, {@code activation} or {@code recurrent_activation}
     */
    protected static Activation checkActivation(String type, String argument, Activation a) {
        if (a == Activation.SOFTMAX || a.needsInput()) {
            throw new IllegalArgumentException(type + ": argument '" + argument + "' is " + a.keras() + ", which a recurrent layer"
                    + " does not support" + (a.needsInput() ? " (its derivative needs the values before it, which the recurrent kernels do not keep)" : "")
                    + "; use one of " + supportedActivations());
        }
        return a;
    }

    /** The Keras names of the activations a recurrent layer accepts. */
    public static String supportedActivations() {
        return Arrays.stream(Activation.values()).filter(a -> a != Activation.SOFTMAX && !a.needsInput())
                .map(Activation::keras).collect(java.util.stream.Collectors.joining(", "));
    }

    /** How many states the cell carries (and {@code return_state} returns): 2 for LSTM, else 1. */
    protected abstract int stateCount();

    /** Runs the recurrence over {@code x} (in the weights' dtype). */
    protected abstract RecurrentMath.State run(INDArray x, StepLayout layout, LayerContext ctx);

    /** Backpropagation through time; accumulates the parameter gradients, returns the input gradient or null. */
    protected abstract INDArray runBackward(RecurrentMath.State s, INDArray dhInit, INDArray dcInit, INDArray gradSeq, LayerContext ctx);

    /** The weights' dtype. */
    protected abstract DataType weightType();

    /** Hidden state size. */
    public int units() {
        return units;
    }

    /** Whether every step's output is returned. */
    public boolean returnSequences() {
        return returnSequences;
    }

    /** Whether the final states are extra outputs. */
    public boolean returnState() {
        return returnState;
    }

    /** Whether the steps run from last to first. */
    public boolean goBackwards() {
        return goBackwards;
    }

    /** Makes masked steps output zeros (Keras' {@code zero_output_for_mask}); {@code Bidirectional} sets it for sequences. */
    void zeroOutputForMask(boolean zero) {
        zeroOutputForMask = zero;
    }

    /** Returns a backwards sequence in input order; {@code Bidirectional} sets it on its backward layer. */
    void sequenceInInputOrder(boolean inputOrder) {
        sequenceInInputOrder = inputOrder;
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
    public List<Shape> outputShapes(List<Shape> in) {
        List<Shape> out = new ArrayList<>();
        out.add(outputShape(in));
        for (int k = 0; returnState && k < stateCount(); k++) {
            out.add(Shape.of(in.get(0).dim(0), units));
        }
        return out;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public INDArray computeMask(List<INDArray> inputs, LayerContext ctx) {
        return returnSequences ? ctx.inputMask(0) : null;
    }

    @Override
    public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
        return forwardAll(inputs, ctx).get(0);
    }

    @Override
    public List<INDArray> forwardAll(List<INDArray> inputs, LayerContext ctx) {
        INDArray x = inputs.get(0);
        if (x.rank() != 3) {
            throw shapeError("input of rank 3 (batch, steps, features)", Shape.ofArray(x.shape()), null);
        }
        DataType dt = weightType();
        INDArray xt = x.dataType() == dt ? x : x.castTo(dt);
        StepLayout layout = new StepLayout((int) x.size(1), goBackwards, mask(ctx.inputMask(0), x, ctx), zeroOutputForMask,
                sequenceInInputOrder);
        RecurrentMath.State s = run(xt, layout, ctx);
        ctx.setExtra(s);
        List<INDArray> out = new ArrayList<>(1 + stateCount());
        out.add(returnSequences ? s.sequence(dt, ctx) : s.last(dt));
        if (returnState) {
            out.add(s.last(dt));
            if (stateCount() == 2) {
                out.add(s.lastOf(s.s1(), dt));
            }
        }
        return out;
    }

    private double[] mask(INDArray m, INDArray x, LayerContext ctx) {
        if (m == null) {
            return null;
        }
        if (m.rank() != 2 || m.size(0) != x.size(0) || m.size(1) != x.size(1)) {
            throw error("received a mask of shape " + Shape.ofArray(m.shape()) + " for input " + Shape.ofArray(x.shape())
                    + "; a mask must be (batch, steps)");
        }
        return RecurrentMath.maskOf(m, ctx, "mask");
    }

    @Override
    public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
        List<INDArray> gs = new ArrayList<>(Arrays.asList(new INDArray[1 + (returnState ? stateCount() : 0)]));
        gs.set(0, gradOutput);
        return backwardAll(gs, ctx);
    }

    @Override
    public List<INDArray> backwardAll(List<INDArray> gs, LayerContext ctx) {
        RecurrentMath.State s = ctx.extra();
        if (s == null || !ctx.backwardFollows()) {
            throw new IllegalStateException("backward called without a forward pass that keeps what backward needs on "
                    + describe() + (s == null ? "" : " (the forward pass was forward-only)"));
        }
        INDArray dh = returnSequences ? null : gs.get(0);
        if (returnState && gs.size() > 1 && gs.get(1) != null) {
            dh = dh == null ? gs.get(1) : dh.add(gs.get(1));
        }
        INDArray dc = returnState && stateCount() == 2 && gs.size() > 2 ? gs.get(2) : null;
        INDArray seq = returnSequences ? gs.get(0) : null;
        return Arrays.asList(runBackward(s, dh, dc, seq, ctx));
    }

    /** The arguments every recurrent layer writes after its own. */
    protected void putCommon(Map<String, Object> m) {
        m.put("return_sequences", returnSequences);
        m.put("return_state", returnState);
        m.put("go_backwards", goBackwards);
    }

    /** {@code [return_sequences, return_state, go_backwards]} from a config. */
    static boolean[] common(LayerArgs a) {
        return new boolean[] {a.bool("return_sequences", false), a.bool("return_state", false), a.bool("go_backwards", false)};
    }
}
