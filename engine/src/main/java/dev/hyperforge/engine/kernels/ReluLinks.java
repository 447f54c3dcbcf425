package dev.hyperforge.engine.kernels;

import java.lang.ref.WeakReference;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lets a max-pooling layer fold the relu gradient of the layer before it into its own backward pass.
 * The relu's gradient {@code step(a)·g} of a pooling gradient is zero except at the windows' maxima, where
 * it is {@code step(pooled)·g}: computed on the pooled array, a quarter (S6) or a fifth (S2) of the relu
 * output, instead of on the whole of it. Two facts pass between the layers, both by array identity and
 * per thread:
 * <ul>
 * <li>{@link #activated}: {@link Activations} applied relu in place and returned this array (the last
 * {@link #KEPT} such arrays of the thread are remembered, weakly); a pooling layer with non-overlapping
 * windows whose input {@link #isReluOutput is one} folds the gradient (where windows overlap, the op adds
 * the gradients of an element's windows, and folding before the sum could change the sign of a zero);</li>
 * <li>{@link #folded}: this gradient already is {@code step(a)·g} for this relu output {@code a};
 * {@link Activations#backward} then returns it as it is.</li>
 * </ul>
 * Applying relu's gradient to a folded gradient again gives the same bits (each element is multiplied by
 * the same step twice: {@code s·(s·g) = s·g} for {@code s} 0 or 1, signed zeros and NaN included), so a
 * missed link (a pass split over threads) costs time, never values. When the relu output also feeds
 * another layer, the executor adds the folded gradient to that layer's before relu's gradient is applied:
 * every nonzero value is the same as without folding, and a zero where the relu is inactive may come out
 * with the other sign ({@code 0·(0·g + h)} against {@code 0·(g + h)}); weights, optimizer states and
 * losses cannot tell (a signed zero only survives a sum of zeros, and {@code w - (±0) = w} for every
 * weight a step can produce).
 *
 * <pre>{@code
 * boolean fold = ReluLinks.isReluOutput(x);            // the pooling layer's forward pass
 * ReluLinks.folded(gx, x);                             // its backward pass, after folding
 * }</pre>
 */
public final class ReluLinks {
    /** Relu outputs remembered per thread (the pooling layer runs soon after the layer it follows). */
    static final int KEPT = 8;
    private static final ThreadLocal<Links> LINKS = ThreadLocal.withInitial(Links::new);
    private static volatile boolean enabled = true;
    /** Folded gradients {@link Activations} passed on as they were (tests read it to see the folding happen). */
    static volatile long taken;

    private ReluLinks() {
    }

    /** One thread's links. */
    private static final class Links {
        @SuppressWarnings("unchecked")
        final WeakReference<INDArray>[] outputs = new WeakReference[KEPT];
        int next;
        WeakReference<INDArray> gradient;
        WeakReference<INDArray> activation;
    }

    /** Records that {@code a} is the output of relu, applied in place by {@link Activations}. */
    static void activated(INDArray a) {
        Links l = LINKS.get();
        l.outputs[l.next] = new WeakReference<>(a);
        l.next = (l.next + 1) % KEPT;
    }

    /** Whether {@code x} is one of this thread's recent relu outputs (the same array object). */
    public static boolean isReluOutput(INDArray x) {
        if (!enabled) {
            return false;
        }
        for (WeakReference<INDArray> r : LINKS.get().outputs) {
            if (r != null && r.get() == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * relu's gradient {@code step(pooled)·g} of a pooled relu output, into {@code out} (the shape of
     * {@code g}): the values relu's backward pass gives at the windows' maxima, whose values are the pooled
     * ones ({@link Activations}' step and product, so the same bits).
     */
    public static INDArray fold(INDArray pooled, INDArray g, INDArray out) {
        return Activations.reluBackward(pooled, g, out);
    }

    /** Records that {@code gradient} already holds relu's gradient for the relu output {@code a}. */
    public static void folded(INDArray gradient, INDArray a) {
        Links l = LINKS.get();
        l.gradient = new WeakReference<>(gradient);
        l.activation = new WeakReference<>(a);
    }

    /** Whether {@code g} is the gradient last {@link #folded} for {@code a}; the record is used up either way. */
    static boolean takeFolded(INDArray g, INDArray a) {
        Links l = LINKS.get();
        boolean match = l.gradient != null && l.gradient.get() == g && l.activation.get() == a;
        l.gradient = null;
        l.activation = null;
        if (match) {
            taken++;
        }
        return match;
    }

    /** Tests: turns the folding off (false) to compare with the unfolded passes, or on again. */
    static void setEnabled(boolean on) {
        enabled = on;
    }
}
