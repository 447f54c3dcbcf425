package dev.hyperforge.engine.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.kernels.ReusedArrays;

/**
 * State of one layer call during one pass: whether it is training, a seeded random source (dropout),
 * and whatever the forward pass saves for the backward pass.
 */
public final class LayerContext {
    private final boolean training;
    private final SplittableRandom random;
    private final Map<String, INDArray> saved = new HashMap<>();
    private Object extra;
    private boolean[] inputGradients;
    private Map<String, Object> buffers;
    private List<INDArray> inputMasks;
    private boolean forwardOnly;
    private boolean leavesRelu;
    private boolean takesRelu;

    /**
     * @param training true while fitting (dropout active, batch statistics used)
     * @param random seeded generator for this call
     */
    public LayerContext(boolean training, SplittableRandom random) {
        this.training = training;
        this.random = random;
    }

    /** Whether this is a training pass. */
    public boolean training() {
        return training;
    }

    /**
     * Declares that no backward pass follows this forward pass (the executor's prediction and evaluation
     * passes), so a layer may skip keeping what only backward reads; its outputs stay the same.
     */
    public void forwardOnly() {
        forwardOnly = true;
    }

    /** Whether a backward pass may follow this forward pass: true unless {@link #forwardOnly} was called. */
    public boolean backwardFollows() {
        return !forwardOnly;
    }

    /** The call's seeded generator. */
    public SplittableRandom random() {
        return random;
    }

    /**
     * Marks which inputs need a gradient (the executor leaves out model inputs, whose gradient nobody
     * reads); layers may then skip computing the others and return null for them.
     */
    public void setInputGradients(boolean[] needed) {
        inputGradients = needed.clone();
    }

    /** Whether backward must return the gradient of input {@code i} (true unless told otherwise). */
    public boolean needsInputGradient(int i) {
        return inputGradients == null || i >= inputGradients.length || inputGradients[i];
    }

    /**
     * Lets {@link #reusable} hand out arrays kept by this call site across passes (the executor does so
     * when the arrays cannot escape the pass: it copies model outputs that live in them).
     */
    public void reuseBuffers(Map<String, Object> store) {
        buffers = store;
    }

    /**
     * An uninitialised C-order array of this type and shape: the one this call site used in an earlier
     * pass with the same type and shape when the executor allows reuse (no fresh allocation, no page
     * faults on first touch), else a new one. Each call site keeps up to {@link ReusedArrays#SHAPES} shapes
     * per key, the least recently used going first, so the usual alternation of a fit (full batches, the
     * smaller last batch, evaluation batches) allocates nothing after the first epoch. Its content is valid
     * until the call site's next pass.
     */
    public INDArray reusable(String key, DataType type, long... shape) {
        if (buffers == null) {
            return Nd4j.createUninitialized(type, shape);
        }
        ReusedArrays kept = buffers.get(key) instanceof ReusedArrays r ? r : null;
        if (kept == null) {
            kept = new ReusedArrays();
            buffers.put(key, kept);
        }
        return kept.get(type, shape);
    }

    /**
     * An object this call site keeps across passes under the same rule as {@link #reusable} (a kernel's
     * prepared state, such as {@link dev.hyperforge.engine.kernels.BatchedMatMul}'s op contexts): the one made
     * in an earlier pass when the executor allows reuse, else a new one from {@code make}.
     */
    @SuppressWarnings("unchecked")
    public <T> T keep(String key, java.util.function.Supplier<T> make) {
        if (buffers == null) {
            return make.get();
        }
        return (T) buffers.computeIfAbsent("keep:" + key, k -> make.get());
    }

    /**
     * A Java array of this length for the engine's own kernels, under the same rule as {@link #reusable}:
     * the one this call site used in the previous pass when reuse is allowed and the length is unchanged
     * (no allocation, no zeroing by the JVM), else a new one. Its content is unspecified (stale values of
     * the previous pass); the kernel must write every element it reads.
     */
    public double[] reusableDoubles(String key, int length) {
        double[] d = buffers == null ? null : buffers.get(key) instanceof double[] v ? v : null;
        if (d == null || d.length != length) {
            d = new double[length];
            if (buffers != null) {
                buffers.put(key, d);
            }
        }
        return d;
    }

    /** A Java float array of this length under the same rule as {@link #reusableDoubles}. */
    public float[] reusableFloats(String key, int length) {
        float[] d = buffers == null ? null : buffers.get(key) instanceof float[] v ? v : null;
        if (d == null || d.length != length) {
            d = new float[length];
            if (buffers != null) {
                buffers.put(key, d);
            }
        }
        return d;
    }

    /**
     * A {@code rows x cols} Java matrix, one array per row, under the same rule as {@link #reusableDoubles}.
     * Kernels whose inner loops run along rows use it: the JIT vectorises {@code y[j] += s · x[j]} over
     * two whole arrays, not over two offset ranges of flat arrays.
     */
    public double[][] reusableRows(String key, int rows, int cols) {
        double[][] d = buffers == null ? null : buffers.get(key) instanceof double[][] v ? v : null;
        if (d == null || d.length != rows || rows > 0 && d[0].length != cols) {
            d = new double[rows][cols];
            if (buffers != null) {
                buffers.put(key, d);
            }
        }
        return d;
    }

    /**
     * Sets the masks of this call's inputs (the executor does so before forward): one element per input,
     * {@code null} where that input carries no mask. A mask is a {@code (batch, steps)} array of 0 and 1
     * in the input's floating type, 1 marking a real step, as Keras' {@code _keras_mask}.
     */
    public void setInputMasks(List<INDArray> masks) {
        inputMasks = masks == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(masks));
    }

    /** The mask of input {@code i}, or {@code null} when that input has none. */
    public INDArray inputMask(int i) {
        return inputMasks == null || i >= inputMasks.size() ? null : inputMasks.get(i);
    }

    /**
     * A context for a layer that this call's layer runs inside it (a wrapper's inner layer): same training
     * mode, forward-only flag, input masks and needed input gradients, its own generator split from this one, its own saved
     * values, and its own reusable arrays kept under {@code key} among this call's.
     */
    @SuppressWarnings("unchecked")
    public LayerContext child(String key) {
        LayerContext c = new LayerContext(training, random.split());
        c.inputGradients = inputGradients;
        c.inputMasks = inputMasks;
        c.forwardOnly = forwardOnly;
        if (buffers != null) {
            c.buffers = (Map<String, Object>) buffers.computeIfAbsent("child:" + key, k -> new HashMap<String, Object>());
        }
        return c;
    }

    /**
     * Marks this call as leaving its relu to the one call its output feeds ({@link Layer#leavesRelu}): its
     * forward pass returns the pre-activation values. Set by the executor; a {@link #child} context never has it.
     */
    public void leaveRelu() {
        leavesRelu = true;
    }

    /** Whether this call leaves its relu to the call after it ({@link #leaveRelu}). */
    public boolean leavesRelu() {
        return leavesRelu;
    }

    /** Marks this call as applying relu to its output for the call before it ({@link Layer#takesRelu}). */
    public void takeRelu() {
        takesRelu = true;
    }

    /** Whether this call applies the relu its input's producer left to it ({@link #takeRelu}). */
    public boolean takesRelu() {
        return takesRelu;
    }

    /** Saves an array for backward. */
    public void save(String key, INDArray value) {
        saved.put(key, value);
    }

    /** An array saved by forward. */
    public INDArray get(String key) {
        INDArray v = saved.get(key);
        if (v == null) {
            throw new IllegalStateException("backward called without forward (no '" + key + "' saved)");
        }
        return v;
    }

    /** Saves an arbitrary object (e.g. per-step LSTM states). */
    public void setExtra(Object o) {
        extra = o;
    }

    /** The object saved with {@link #setExtra}. */
    @SuppressWarnings("unchecked")
    public <T> T extra() {
        return (T) extra;
    }
}
