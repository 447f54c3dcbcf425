package dev.hyperforge.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.RowGradient;

/**
 * A layer parameter (weights) with its gradient buffer. The gradient buffer is allocated once and
 * reused across steps; {@link #accumulate} adds a contribution (shared layers add several).
 * Non-trainable parameters (e.g. BatchNormalization's moving statistics) are saved but never updated
 * by an optimizer.
 *
 * <p>A gradient that touches only some rows (an Embedding's) can be given row-wise with
 * {@link #accumulateRows}; it then stays a {@link RowGradient} until someone asks for the dense form
 * ({@link #grad()}, {@link #gradBuffer()} or a dense {@link #accumulate}), so that optimizers that support
 * it update only the touched rows and no dense {@code rows x cols} gradient is written.
 */
public final class Param {
    private final String name;
    private final INDArray value;
    private final boolean trainable;
    private INDArray grad;
    private boolean hasGrad;
    private RowGradient rows;

    Param(String name, INDArray value, boolean trainable) {
        this.name = name;
        this.value = value;
        this.trainable = trainable;
    }

    /** The parameter's name within its layer, e.g. {@code kernel}. */
    public String name() {
        return name;
    }

    /** The live weights. */
    public INDArray value() {
        return value;
    }

    /** Whether optimizers update it. */
    public boolean trainable() {
        return trainable;
    }

    /** The gradient accumulated since the last {@link #clearGrad()} in dense form, or null if none. */
    public INDArray grad() {
        densify();
        return hasGrad ? grad : null;
    }

    /**
     * The gradient as row contributions when everything accumulated since the last {@link #clearGrad()}
     * came through {@link #accumulateRows}; null otherwise (no gradient, or a dense one).
     */
    public RowGradient rowGradient() {
        return rows;
    }

    /**
     * Adds a row-wise gradient to a rank-2 parameter: row {@code rowGrads[n]} is added to gradient row
     * {@code ids[n]} (repeated ids add up).
     *
     * @param ids int row ids, one per row of {@code rowGrads}, each in [0, rows)
     * @param rowGrads {@code (ids.length, cols)}
     */
    public void accumulateRows(INDArray ids, INDArray rowGrads) {
        if (value.rank() != 2 || rowGrads.rank() != 2 || rowGrads.size(1) != value.size(1) || rowGrads.size(0) != ids.length()) {
            throw new IllegalArgumentException("row gradient of shape " + java.util.Arrays.toString(rowGrads.shape()) + " for " + ids.length()
                    + " ids does not fit parameter '" + name + "' of shape " + java.util.Arrays.toString(value.shape()));
        }
        if (hasGrad && rows == null) {
            RowGradient dense = new RowGradient((int) value.size(0), (int) value.size(1));
            dense.add(ids, rowGrads);
            dense.scatterInto(grad);
            return;
        }
        if (rows == null) {
            rows = new RowGradient((int) value.size(0), (int) value.size(1));
            hasGrad = true;
        }
        rows.add(ids, rowGrads);
    }

    /** Turns a pending row-wise gradient into the dense buffer. */
    private void densify() {
        if (rows == null) {
            return;
        }
        RowGradient r = rows;
        rows = null;
        hasGrad = false;
        r.scatterInto(gradBuffer());
    }

    /** Adds {@code g} (same shape as the value) to the gradient. */
    public void accumulate(INDArray g) {
        densify();
        if (grad == null) {
            grad = value.ulike();
        }
        if (hasGrad) {
            grad.addi(g);
        } else {
            grad.assign(g);
            hasGrad = true;
        }
    }

    /**
     * The gradient buffer to write into directly (zeroed when first used in a step); for layers that
     * compute a gradient in place.
     */
    public INDArray gradBuffer() {
        densify();
        if (grad == null) {
            grad = value.ulike();
        }
        if (!hasGrad) {
            grad.assign(0);
            hasGrad = true;
        }
        return grad;
    }

    /**
     * Where a layer writes a gradient it computes (by an op or a matrix product, every element): the
     * gradient buffer itself when nothing has been accumulated this step (not zeroed first, no array per
     * batch), else a fresh array. Hand it to {@link #finishGrad} afterwards.
     */
    public INDArray gradTarget() {
        densify();
        if (hasGrad) {
            return value.ulike();
        }
        if (grad == null) {
            grad = value.ulike();
        }
        hasGrad = true;
        return grad;
    }

    /** Completes {@link #gradTarget}: adds {@code target} to the gradient unless it is the gradient buffer itself. */
    public void finishGrad(INDArray target) {
        if (target != grad) {
            accumulate(target);
        }
    }

    /** Forgets the accumulated gradient (start of a step). */
    public void clearGrad() {
        hasGrad = false;
        rows = null;
    }
}
