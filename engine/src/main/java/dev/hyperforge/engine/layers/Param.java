package dev.hyperforge.engine.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer parameter (weights) with its gradient buffer. The gradient buffer is allocated once and
 * reused across steps; {@link #accumulate} adds a contribution (shared layers add several).
 * Non-trainable parameters (e.g. BatchNormalization's moving statistics) are saved but never updated
 * by an optimizer.
 */
public final class Param {
    private final String name;
    private final INDArray value;
    private final boolean trainable;
    private INDArray grad;
    private boolean hasGrad;

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

    /** The gradient accumulated since the last {@link #clearGrad()}, or null if none. */
    public INDArray grad() {
        return hasGrad ? grad : null;
    }

    /** Adds {@code g} (same shape as the value) to the gradient. */
    public void accumulate(INDArray g) {
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
        if (grad == null) {
            grad = value.ulike();
        }
        if (!hasGrad) {
            grad.assign(0);
            hasGrad = true;
        }
        return grad;
    }

    /** Forgets the accumulated gradient (start of a step). */
    public void clearGrad() {
        hasGrad = false;
    }
}
