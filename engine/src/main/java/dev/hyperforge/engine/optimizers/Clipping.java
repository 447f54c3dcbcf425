package dev.hyperforge.engine.optimizers;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Param;

/** Keras' gradient clipping: {@code g·c / max(‖g‖, c)} per gradient or over all, and element-wise clipping. */
final class Clipping {
    private Clipping() {
    }

    /** Validates a clipping threshold; at most one kind of clipping may be set (as Keras). */
    static double check(String what, double c, double other1, double other2) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException(what + " must be a positive number, received " + c);
        }
        if (other1 != 0 || other2 != 0) {
            throw new IllegalArgumentException("only one of clipnorm, clipvalue and global_clipnorm can be set (as Keras); " + what + " given too");
        }
        return c;
    }

    /** The factor {@code c / max(‖all gradients‖, c)} for {@code global_clipnorm} c. */
    static double globalScale(List<Param> params, double c) {
        double sq = 0;
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            INDArray g = p.grad();
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sq += n * n;
            }
        }
        return c / Math.max(Math.sqrt(sq), c);
    }

    /** Clips one gradient in place: by its norm ({@code clipnorm} > 0), by value ({@code clipvalue} > 0), then by a global factor. */
    static void clip(INDArray g, double clipnorm, double clipvalue, double globalScale) {
        if (clipnorm > 0) {
            double n = g.norm2Number().doubleValue();
            if (n > clipnorm) {
                g.muli(clipnorm / n);
            }
        }
        if (clipvalue > 0) {
            Transforms.min(Transforms.max(g, -clipvalue, false), clipvalue, false);
        }
        if (globalScale != 1) {
            g.muli(globalScale);
        }
    }
}
