package dev.hyperforge.engine.layers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.kernels.ActivationMath;

/**
 * Element-wise (and softmax) activations with their derivatives, under Keras 3's names and formulas.
 * {@code swish} is another name of {@code silu}; {@code gelu} is Keras' exact (erf) form and
 * {@code gelu_approximate} its tanh form (Keras' {@code gelu(x, approximate=True)}).
 *
 * <pre>{@code
 * Activation a = Activation.parse("gelu");
 * INDArray y = a.apply(z);
 * INDArray dz = a.needsInput() ? a.backward(z, y, g) : a.backward(y, g);
 * }</pre>
 */
public enum Activation {
    /** Identity. */
    LINEAR,
    /** max(0, x). */
    RELU,
    /** 1 / (1 + e^-x). */
    SIGMOID,
    /** tanh(x). */
    TANH,
    /** Softmax over the last axis. */
    SOFTMAX,
    /** Keras' default gelu: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    GELU,
    /** gelu's tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    GELU_APPROXIMATE,
    /** {@code x} for x > 0, {@code exp(x) - 1} otherwise (alpha 1). */
    ELU,
    /** {@code scale * elu(x, alpha)} with alpha 1.6732632423543772, scale 1.0507009873554805. */
    SELU,
    /** {@code x * sigmoid(x)}; also parsed from {@code swish}. */
    SILU,
    /** {@code log(1 + exp(x))}. */
    SOFTPLUS,
    /** {@code x / (1 + |x|)}. */
    SOFTSIGN,
    /** Keras 3's {@code relu6(x + 3) / 6}: 0 below -3, 1 above 3, {@code x / 6 + 0.5} between. */
    HARD_SIGMOID,
    /** {@code exp(x)}. */
    EXPONENTIAL,
    /** {@code x} for x > 0, {@code 0.2 x} otherwise (Keras 3's activation default slope). */
    LEAKY_RELU;

    /**
     * Parses a Keras activation name ({@code linear}, {@code relu}, {@code gelu}, …; null means linear;
     * {@code swish} means silu).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Activation parse(String name) {
        if (name == null || name.isBlank()) {
            return LINEAR;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("swish")) {
            return SILU;
        }
        for (Activation a : values()) {
            if (a.keras().equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + names() + closest(n));
    }

    /** {@code "; did you mean 'swish'?"} for a name within two edits of a known one, else empty. */
    @SuppressWarnings("deprecation") // as LayerRegistry: commons-text needs a newer commons-lang3 than ND4J pins
    private static String closest(String n) {
        String best = null;
        int bestDistance = 3;
        for (String known : (names()).split(", ")) {
            int d = org.apache.commons.lang3.StringUtils.getLevenshteinDistance(n, known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    /** The accepted names, comma-separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(Activation::keras).collect(Collectors.joining(", ")) + ", swish";
    }

    /**
     * Whether the derivative needs the pre-activation values (gelu and silu cannot be inverted); the others
     * are differentiated from their output alone.
     */
    public boolean needsInput() {
        return this == GELU || this == GELU_APPROXIMATE || this == SILU;
    }

    /** The Keras name, e.g. {@code relu}. */
    public String keras() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Applies the activation to {@code z}, returning a new array ({@code z} is left intact). */
    public INDArray apply(INDArray z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> Transforms.relu(z, true);
            case SIGMOID -> Transforms.sigmoid(z, true);
            case TANH -> Transforms.tanh(z, true);
            case SOFTMAX -> {
                INDArray out = z.ulike();
                Nd4j.exec(new SoftMax(z, out, z.rank() - 1));
                yield out;
            }
            default -> ActivationMath.forward(this, z);
        };
    }

    /**
     * Gradient with respect to the pre-activation given the activation's output {@code a} and the
     * gradient {@code g} with respect to {@code a}. Returns a new array.
     *
     * @throws IllegalStateException for an activation that {@link #needsInput() needs its input}
     */
    public INDArray backward(INDArray a, INDArray g) {
        if (needsInput()) {
            throw new IllegalStateException(keras() + "'s derivative needs the pre-activation values; use backward(z, a, g)");
        }
        return backward(null, a, g);
    }

    /**
     * Gradient with respect to the pre-activation {@code z} (may be null unless {@link #needsInput()}),
     * given the output {@code a} and the gradient {@code g} with respect to it. Returns a new array.
     */
    public INDArray backward(INDArray z, INDArray a, INDArray g) {
        return switch (this) {
            case LINEAR -> g;
            case RELU -> g.mul(a.gt(0).castTo(g.dataType()));
            case SIGMOID -> g.mul(a.mul(a.rsub(1.0)));
            case TANH -> g.mul(a.mul(a).rsubi(1.0));
            case SOFTMAX -> {
                long c = a.size(a.rank() - 1);
                INDArray a2 = a.reshape(a.length() / c, c);
                INDArray g2 = g.reshape(g.length() / c, c);
                INDArray dot = g2.mul(a2).sum(true, 1);
                yield g2.subColumnVector(dot).muli(a2).reshape(a.shape());
            }
            default -> ActivationMath.backward(this, z, a, g);
        };
    }
}
