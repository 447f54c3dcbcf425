package dev.hyperforge.engine.kernels;

import java.util.Locale;

/**
 * The engine's numerics level: which kernels compute results whose last bits may differ between levels. A run
 * records the level it was computed with, so that a replay retrains with the same kernels and gets the same
 * bits; new runs use {@link #LATEST}.
 *
 * <ul>
 *   <li>{@link #V1}: the kernels as they were before levels existed (every run recorded without a level).</li>
 *   <li>{@link #V2}: the LSTM and GRU gates with Keras' default activations ({@code sigmoid}, {@code tanh}) take
 *       their exponentials from {@link FastExp} (a vectorisable exp within about one double ulp of
 *       {@code Math.exp}) instead of scalar {@code Math.exp} calls; the results agree with V1's to about
 *       1e-15 relative per gate value, not to the bit.</li>
 *   <li>{@link #V3}: two changes, each within float rounding of V2, not to the bit: the LSTM gates with
 *       the default activations of float32 layers take tanh and sigmoid from {@link FloatGates} (a rational
 *       function to float accuracy, about 2e-7, with no exponential), their recurrence running in float; and
 *       the float softmax backward of multi-head attention takes each row's dot from the heads' context and its
 *       gradient ({@link AttentionMath#softmaxBackwardFromContext}) instead of the probabilities and their
 *       gradient (the same quantity summed in another order). Double-precision layers (the gradient checks)
 *       compute as at V2 in the LSTM.</li>
 *   <li>{@link #V4}: the backpropagation through time of those float32 LSTMs also runs in float
 *       ({@link LstmFloatBackBlock}): the gate derivatives from the saved float gates, the recurrent product
 *       {@code dz·Uᵀ} and the pre-activation gradients in float, each within float rounding of V3's double values;
 *       the forward pass is V3's. Double-precision layers compute as at V3. And a {@code Conv1D} (stride 1, no
 *       dilation) whose input is an {@code Embedding}'s output takes its backward pass over the batch's distinct
 *       tokens ({@link TokenConv}): the output gradient's windows are summed per token first, then multiplied by the
 *       kernel (the embedding's row gradients) and by the tokens' embedding rows (the kernel gradient). The same
 *       sums in another order: gradients differ from V3's in the last float bits.</li>
 *   <li>{@link #V5}: a float32 {@code Dense} layer whose input is mostly zeros (a multi-hot vector: at most
 *       {@link SparseInput#MAX_DENSITY} nonzeros per block of rows, at least {@link SparseInput#MIN_COLUMNS} columns)
 *       computes its output and its kernel gradient from the input's nonzeros ({@link SparseInput}), reading the
 *       input once instead of once per product: the dense products' sums without their zero terms, in another
 *       order, so outputs and gradients differ from V4's in the last float bits. And {@code MultiHeadAttention}'s query,
 *       key and value projections run side by side, one per kernel thread ({@code ConcurrentProjections}): the same
 *       bits as V4 wherever oneDNN splits a product's rows among threads rather than its sums (S7's shapes on two
 *       threads), which is oneDNN's choice per machine, so the order is part of the level.
 *       And float32 GRUs with Keras' default activations train and predict in float: the forward pass
 *       ({@link GruFloatBlock}: the recurrent product {@code h·U}, the gates with tanh and sigmoid from
 *       {@link FloatGates} instead of {@link FastExp} in double, the state update) and the backpropagation through time
 *       ({@link GruFloatBackBlock}: the gate derivatives, {@code dzr·Uᵀ} and the pre-activation gradients), each within
 *       float rounding of V4's double values. Double-precision layers compute as at V4.
 *       And a stride-1, undilated {@code Conv1D} with at least 256 input channels takes its backward pass
 *       on libnd4j's {@code conv1d_bp} (oneDNN's backward primitives) instead of as two matrix products
 *       ({@link Conv1DOps#conv1dBpGemm}) when its input has fewer than {@code Conv1DOps.GEMM_MIN_ROWS} batch·steps
 *       rows: short sequences, where the products lose to the op. The same sums in another order: its gradients
 *       differ from V4's in the last float bits.
 *       And a model's first stride-1 {@code Conv2D} (no input gradient, {@link Conv2DOps#conv2dBpKernelOnly}) takes
 *       its kernel and bias gradients from one product over the input's columns with a column of ones
 *       ({@code [X, 1]ᵀ · g}) instead of {@code Xᵀ · g} and the column sums of {@code g}: the same sums in another
 *       order, so its bias gradient (and possibly its kernel gradient) differs from V4's in the last float bits.</li>
 *   <li>{@link #V6}: a loss fused with its output layer's activation, on an output small enough for the Java path
 *       and without sample weights or a mask, is computed with its logits' gradient (and the output's metrics) in
 *       Java, in double, instead of as a dozen or more libnd4j ops in float: binary cross-entropy after a sigmoid
 *       (at most {@link SmallKernels#maxUpdateLength} elements, {@code Loss#hostSumFromLogits}) and categorical or
 *       sparse categorical cross-entropy after a softmax (at most {@link SmallKernels#MAX_UPDATE_LENGTH} elements,
 *       {@code CategoricalCrossentropy.hostSumFromLogits}). The same formulas, rounded once instead of op by op, so
 *       the loss and the gradient differ from V5's in the last float bits. And the bias gradient of a {@code Dense}
 *       layer on {@link SparseInput}'s path is summed in Java, in double in row order
 *       ({@link SparseLayerGrads#biasGradient}), instead of as a product with a ones vector in float. And a
 *       float32 {@code Conv2D} runs its forward pass, its input gradient and its kernel and bias gradients on oneDNN
 *       3.x's primitives ({@link OneDnnConv2D}, {@code org.bytedeco:dnnl}) instead of libnd4j's {@code conv2d} and
 *       {@code conv2d_bp} (oneDNN 2.3): other kernels (brgemm on the channels-last activations in place, no
 *       Winograd), so outputs and gradients differ from V5's in the last float bits. A model's first {@code Conv2D}
 *       keeps V5's kernel and bias gradients over its input's columns. Double-precision layers compute as at V5.</li>
 * </ul>
 *
 * <p>The level is process-wide: {@code -Dhf.numerics=1} (or {@code v1}) forces V1 for a whole JVM (to time
 * the former kernels, or to reproduce a former run by hand); {@link #set} switches it (a replay sets the
 * recorded level for its retraining and restores the previous one). Kernels read {@link #current} once per
 * layer call, so a call never mixes levels. A kernel whose results change with a level checks it with
 * {@link #atLeast}.
 *
 * <pre>{@code
 * Numerics was = Numerics.set(Numerics.V1);   // retrain as a run recorded without a level did
 * try { ... } finally { Numerics.set(was); }
 * int recorded = Numerics.current().level();  // what a run's provenance stores
 * }</pre>
 */
public enum Numerics {
    /** The kernels of every run recorded before numerics levels existed. */
    V1(1),
    /** V1 with {@link FastExp} in the default-activation LSTM and GRU gates. */
    V2(2),
    /** V2 with float LSTM gates and recurrence (float32 layers) and attention's softmax backward from the context. */
    V3(3),
    /**
     * V3 with the float32 LSTM's backward pass in float and an embedding-fed {@code Conv1D}'s backward over the
     * batch's distinct tokens ({@link TokenConv}).
     */
    V4(4),
    /**
     * V4 with a mostly-zero float32 input's {@code Dense} products over its nonzeros ({@link SparseInput}),
     * attention's projections side by side, the float32 GRU's forward and backward passes in float
     * ({@link GruFloatBlock}, {@link GruFloatBackBlock}), the backward pass of short wide stride-1
     * {@code Conv1D}s on libnd4j's {@code conv1d_bp}, and a first {@code Conv2D}'s kernel and bias gradients in
     * one product.
     */
    V5(5),
    /**
     * V5 with a small output's fused loss (sigmoid and binary cross-entropy; softmax and categorical
     * cross-entropy), its gradient and metrics, and the bias gradient of a {@link SparseInput} layer in Java, in
     * double; and float32 {@code Conv2D}s on oneDNN 3.x ({@link OneDnnConv2D}).
     */
    V6(6);

    /** The level new runs use unless {@code -Dhf.numerics} says otherwise. */
    public static final Numerics LATEST = V6;
    /** The system property that sets the level of a JVM ({@code 1} to {@code 6}, or {@code v1} to {@code v6}). */
    public static final String PROPERTY = "hf.numerics";

    private static volatile Numerics current;
    private final int level;

    Numerics(int level) {
        this.level = level;
    }

    /** The level's number, as runs record it. */
    public int level() {
        return level;
    }

    /** Whether this level includes {@code other}'s changes (levels are cumulative). */
    public boolean atLeast(Numerics other) {
        return level >= other.level;
    }

    /**
     * The level in force: the last {@link #set}, else {@code -Dhf.numerics}, else {@link #LATEST}.
     *
     * @throws IllegalArgumentException when {@code -Dhf.numerics} names no level
     */
    public static Numerics current() {
        Numerics c = current;
        if (c == null) {
            c = fromProperty();
            current = c;
        }
        return c;
    }

    /** The level {@code -Dhf.numerics} names, or {@link #LATEST} when it is not set. */
    private static Numerics fromProperty() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? LATEST : parse(p, "-D" + PROPERTY);
    }

    /**
     * Reads {@code -Dhf.numerics} afresh (not the level in force), so that a program can refuse a bad value before it
     * writes anything: {@code hf} checks it before any command runs.
     *
     * @throws IllegalArgumentException when the property is set and names no level
     */
    public static void checkProperty() {
        fromProperty();
    }

    /** Makes {@code level} the level in force; returns the one it replaces. */
    public static Numerics set(Numerics level) {
        Numerics was = current();
        current = java.util.Objects.requireNonNull(level, "numerics level");
        return was;
    }

    /**
     * The level numbered {@code level}.
     *
     * @throws IllegalArgumentException for a number no level has (a run recorded by a newer engine)
     */
    public static Numerics of(int level) {
        for (Numerics n : values()) {
            if (n.level == level) {
                return n;
            }
        }
        throw new IllegalArgumentException("numerics level " + level + " is unknown to this engine (it knows 1 to "
                + LATEST.level + "); a run recorded with it needs the newer Hyperforge that recorded it");
    }

    /** {@code 2}, {@code v2} or {@code V2} as a level; {@code where} names the source in the message. */
    static Numerics parse(String text, String where) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String digits = t.startsWith("v") ? t.substring(1) : t;
        if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > LATEST.level) {
            throw new IllegalArgumentException(where + "=" + text + " is not a numerics level; use 1 to " + LATEST.level
                    + " (or v1 to v" + LATEST.level + ")");
        }
        return of(Integer.parseInt(digits));
    }
}
