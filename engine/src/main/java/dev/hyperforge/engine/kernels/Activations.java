package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The activation code every activated layer (Dense, the convolutions) shares: the forward pass in place
 * where that is safe, whether the pre-activation values must be kept for a fused loss, and the backward
 * pass with relu's gradient as a step function and a product. {@link Activation} itself holds the plain, copying forms.
 *
 * <pre>{@code
 * INDArray a = Activations.forward(Activation.RELU, z, ctx);              // z is overwritten
 * INDArray dz = Activations.backward(Activation.RELU, a, gradOutput, ctx);
 * }</pre>
 */
public final class Activations {
    private Activations() {
    }

    /**
     * Applies the activation in place where it is element-wise (saving a copy of the largest arrays of
     * a CNN); softmax gets a new array.
     */
    public static INDArray inPlace(Activation activation, INDArray z) {
        return switch (activation) {
            case LINEAR -> z;
            case RELU -> Transforms.relu(z, false);
            case SIGMOID -> Transforms.sigmoid(z, false);
            case TANH -> Transforms.tanh(z, false);
            case SOFTMAX -> activation.apply(z);
            default -> activation.apply(z);
        };
    }

    /**
     * Activates {@code z} where the layer keeps no logits (Conv2D, SeparableConv2D): in place as
     * {@link #inPlace}, except for the activations that {@link Activation#needsInput() need their input}
     * for the derivative: then {@code z} is saved as {@code "z"} in {@code ctx} and a new array returned.
     */
    public static INDArray activate(Activation activation, INDArray z, LayerContext ctx) {
        if (activation.needsInput()) {
            ctx.save("z", z);
            return activation.apply(z);
        }
        return linked(activation, inPlace(activation, z));
    }

    /** Tells {@link ReluLinks} about a relu output made in place (a following max pooling may fold relu's gradient). */
    private static INDArray linked(Activation activation, INDArray a) {
        if (activation == Activation.RELU) {
            ReluLinks.activated(a);
        }
        return a;
    }

    /**
     * Whether a layer must keep its pre-activation values: only for the activations a loss fuses with
     * (sigmoid, softmax), whose logits the trainer asks for; the others are applied in place.
     */
    public static boolean keepsLogits(Activation activation) {
        return activation == Activation.SIGMOID || activation == Activation.SOFTMAX;
    }

    /**
     * The forward pass of an activated layer: saves {@code z} as {@code "z"} in {@code ctx} and returns a
     * new array when the activation {@link #keepsLogits keeps logits} or {@link Activation#needsInput() needs its
     * input}; otherwise activates {@code z} in place.
     */
    public static INDArray forward(Activation activation, INDArray z, LayerContext ctx) {
        if (keepsLogits(activation) || activation.needsInput()) {
            ctx.save("z", z);
            return activation.apply(z);
        }
        return linked(activation, inPlace(activation, z));
    }

    /**
     * For a kernel that applied the activation itself, in place on {@code a} (a sparse Dense layer's scan, a
     * convolution with a fused relu): records what {@link #forward} records about a relu output and returns
     * {@code a}. Only activations whose derivative needs no saved input.
     */
    public static INDArray appliedInPlace(Activation activation, INDArray a) {
        if (activation.needsInput()) {
            throw new IllegalArgumentException("appliedInPlace: " + activation.keras() + " needs its input for the derivative");
        }
        return linked(activation, a);
    }

    /**
     * The pre-activation values {@link #forward} saved, for a loss fused with the activation.
     *
     * @param layer how errors name the layer, e.g. {@code Dense 'out'}
     * @throws IllegalStateException when the activation keeps no logits
     */
    public static INDArray logits(String layer, Activation activation, LayerContext ctx) {
        if (!keepsLogits(activation)) {
            throw new IllegalStateException(layer + " keeps logits only for sigmoid and softmax, not " + activation.keras());
        }
        return ctx.get("z");
    }

    /**
     * relu's gradient {@code out = g · (a > 0)} (a > 0 exactly where z > 0) as two native passes, the step
     * function of {@code a} into {@code out} and a product with {@code g}, as TensorFlow's ReluGrad computes
     * it. libnd4j's {@code relu_bp} gives the same values for finite gradients but took about four times
     * as long on S6's and S2's convolution outputs (engine/BENCHMARK.md, "Round 5").
     */
    static INDArray reluBackward(INDArray a, INDArray g, INDArray out) {
        if (ReluPasses.fits(a, g, out) && a.length() == g.length() && out.length() == a.length()) {
            ReluPasses.backward(a, g, out);
            return out;
        }
        Nd4j.exec(new Step(a, out));
        return out.muli(g);
    }

    /**
     * A dense layer's bias row added to {@code z} (rows × bias length) and the activation applied as
     * {@link #forward}; for relu over small float arrays in one Java pass ({@code ReluPasses}, the same bits).
     */
    public static INDArray addBiasAndForward(Activation activation, INDArray z, INDArray bias, LayerContext ctx) {
        if (activation == Activation.RELU && z.rank() == 2 && z.size(1) == bias.length() && ReluPasses.fits(z) && ReluPasses.fits(bias)) {
            ReluPasses.biasRelu(z, bias);
            return linked(activation, z);
        }
        z.addiRowVector(bias);
        return forward(activation, z, ctx);
    }

    /** Gradient with respect to the pre-activation, given the activation output {@code a}; a new array. */
    public static INDArray backward(Activation activation, INDArray a, INDArray g) {
        return backward(activation, a, g, null);
    }

    /**
     * As {@link #backward(Activation, INDArray, INDArray)}, relu's gradient into the call's reusable {@code act_dz},
     * or {@code g} itself when a max-pooling layer has already folded relu's gradient into it
     * ({@link ReluLinks}); gelu and silu read the pre-activation values {@link #forward} or {@link #activate}
     * saved in {@code ctx}.
     */
    public static INDArray backward(Activation activation, INDArray a, INDArray g, LayerContext ctx) {
        if (activation.needsInput()) {
            if (ctx == null) {
                throw new IllegalStateException(activation.keras() + "'s derivative needs the layer's context with the saved pre-activation");
            }
            return activation.backward(ctx.get("z"), a, g);
        }
        if (activation == Activation.RELU) {
            if (ReluLinks.takeFolded(g, a)) {
                return g;
            }
            return reluBackward(a, g, ctx == null ? g.ulike() : ctx.reusable("act_dz", g.dataType(), g.shape()));
        }
        return activation.backward(a, g);
    }
}
