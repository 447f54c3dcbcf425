package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.layers.Activation;

/**
 * The formulas of the element-wise activations beyond relu, sigmoid and tanh, written as Keras 3 writes
 * them (and with Keras' constants), and their derivatives. Every method returns a new array of the
 * input's dtype and leaves its arguments intact. {@link Activation#apply} and
 * {@link Activation#backward} call these.
 *
 * <pre>{@code
 * INDArray a = ActivationMath.forward(Activation.GELU, z);          // 0.5 z (1 + erf(z / sqrt 2))
 * INDArray dz = ActivationMath.backward(Activation.GELU, z, a, g);  // g * (Phi(z) + z phi(z))
 * }</pre>
 */
public final class ActivationMath {
    /** SELU's alpha and scale (Klambauer et al.; the values of Keras' backends and PyTorch). */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    /** The negative slope of the {@code leaky_relu} activation function (Keras 3's default). */
    public static final double LEAKY_RELU_SLOPE = 0.2;
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_K = 0.044715;

    private ActivationMath() {
    }

    /** The activation of {@code z} for the activations this class covers. */
    public static INDArray forward(Activation act, INDArray z) {
        return switch (act) {
            case GELU -> erf(z.mul(SQRT_HALF)).addi(1).muli(z).muli(0.5);
            case GELU_APPROXIMATE -> geluTanh(z).addi(1).muli(z).muli(0.5);
            case ELU -> Transforms.relu(z, true).addi(negativeExpm1(z));
            case SELU -> negativeExpm1(z).muli(SELU_ALPHA).addi(Transforms.relu(z, true)).muli(SELU_SCALE);
            case SILU -> Transforms.sigmoid(z, true).muli(z);
            case SOFTPLUS -> Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false)
                    .addi(Transforms.relu(z, true));
            case SOFTSIGN -> z.div(Transforms.abs(z, true).addi(1));
            case HARD_SIGMOID -> Transforms.min(Transforms.max(z.div(6).addi(0.5), 0.0, false), 1.0, false);
            case EXPONENTIAL -> Transforms.exp(z, true);
            case LEAKY_RELU -> leakyRelu(z, LEAKY_RELU_SLOPE);
            default -> throw new IllegalArgumentException(act.keras() + " is not computed by ActivationMath");
        };
    }

    /**
     * The gradient with respect to {@code z}, given the output {@code a} and the gradient {@code g} with
     * respect to it. {@code z} may be null for the activations whose derivative follows from the output
     * ({@link Activation#needsInput()} false).
     */
    public static INDArray backward(Activation act, INDArray z, INDArray a, INDArray g) {
        return switch (act) {
            case GELU -> {
                INDArray phi = Transforms.exp(z.mul(z).muli(-0.5), false).muli(INV_SQRT_2PI).muli(z);
                yield erf(z.mul(SQRT_HALF)).addi(1).muli(0.5).addi(phi).muli(g);
            }
            case GELU_APPROXIMATE -> {
                INDArray t = geluTanh(z);
                INDArray inner = z.mul(z).muli(3 * GELU_K).addi(1).muli(GELU_C).muli(z).muli(0.5).muli(t.mul(t).rsubi(1));
                yield t.addi(1).muli(0.5).addi(inner).muli(g);
            }
            case ELU -> select(a, 1.0, a.add(1)).muli(g);
            case SELU -> select(a, SELU_SCALE, a.add(SELU_SCALE * SELU_ALPHA)).muli(g);
            case SILU -> {
                INDArray s = Transforms.sigmoid(z, true);
                yield s.rsub(1).muli(z).addi(1).muli(s).muli(g);
            }
            case SOFTPLUS -> Transforms.expm1(a.neg(), false).negi().muli(g);
            case SOFTSIGN -> {
                INDArray d = Transforms.abs(a, true).rsubi(1);
                yield d.muli(d).muli(g);
            }
            case HARD_SIGMOID -> a.gt(0).castTo(g.dataType()).muli(a.lt(1).castTo(g.dataType())).muli(g).divi(6);
            case EXPONENTIAL -> a.mul(g);
            case LEAKY_RELU -> select(a, 1.0, a.ulike().assign(LEAKY_RELU_SLOPE)).muli(g);
            default -> throw new IllegalArgumentException(act.keras() + " is not computed by ActivationMath");
        };
    }

    /**
     * One value of an activation whose derivative follows from its output (the scalar form the recurrent
     * kernels use).
     *
     * @throws IllegalArgumentException for softmax and the activations that {@link Activation#needsInput() need
     *     their input}
     */
    public static double apply(Activation act, double z) {
        return switch (act) {
            case LINEAR -> z;
            case RELU -> z > 0 ? z : 0.0;
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-z));
            case TANH -> Math.tanh(z);
            case ELU -> z > 0 ? z : Math.expm1(z);
            case SELU -> SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z));
            case SOFTPLUS -> Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0);
            case SOFTSIGN -> z / (1 + Math.abs(z));
            case HARD_SIGMOID -> Math.min(Math.max(z / 6 + 0.5, 0), 1);
            case EXPONENTIAL -> Math.exp(z);
            case LEAKY_RELU -> z > 0 ? z : LEAKY_RELU_SLOPE * z;
            default -> throw notScalar(act);
        };
    }

    /** The derivative of {@link #apply(Activation, double)} at the input whose output is {@code y}. */
    public static double derivativeFromOutput(Activation act, double y) {
        return switch (act) {
            case LINEAR -> 1.0;
            case RELU -> y > 0 ? 1.0 : 0.0;
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case ELU -> y > 0 ? 1.0 : y + 1;
            case SELU -> y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
            case SOFTPLUS -> -Math.expm1(-y);
            case SOFTSIGN -> (1 - Math.abs(y)) * (1 - Math.abs(y));
            case HARD_SIGMOID -> y > 0 && y < 1 ? 1.0 / 6 : 0.0;
            case EXPONENTIAL -> y;
            case LEAKY_RELU -> y > 0 ? 1.0 : LEAKY_RELU_SLOPE;
            default -> throw notScalar(act);
        };
    }

    private static IllegalArgumentException notScalar(Activation act) {
        return new IllegalArgumentException("activation '" + act.keras() + "' is not supported in a recurrent layer"
                + (act.needsInput() ? " (its derivative needs the pre-activation values)" : "")
                + "; use tanh, sigmoid, relu, linear, elu, selu, softplus, softsign, hard_sigmoid, exponential or leaky_relu");
    }

    /** {@code max(z, slope * z)} for slope in [0, 1]: z where positive, slope * z elsewhere; a new array. */
    public static INDArray leakyRelu(INDArray z, double slope) {
        return Transforms.min(z, 0.0, true).muli(slope).addi(Transforms.relu(z, true));
    }

    /** {@code 1} where {@code a > 0}, {@code slope} elsewhere: leaky relu's derivative from its output. */
    public static INDArray leakyReluDerivative(INDArray a, double slope) {
        return select(a, 1.0, a.ulike().assign(slope));
    }

    private static INDArray erf(INDArray x) {
        INDArray out = x.ulike();
        Nd4j.exec(new Erf(x, out));
        return out;
    }

    private static INDArray geluTanh(INDArray z) {
        return Transforms.tanh(z.mul(z).muli(GELU_K).addi(1).muli(z).muli(GELU_C), false);
    }

    /** {@code expm1(min(z, 0))}: the negative branch of elu and selu, accurate near 0. */
    private static INDArray negativeExpm1(INDArray z) {
        return Transforms.expm1(Transforms.min(z, 0.0, true), false);
    }

    /** {@code positive} where {@code a > 0}, else the matching element of {@code otherwise} (overwritten). */
    private static INDArray select(INDArray a, double positive, INDArray otherwise) {
        INDArray m = a.gt(0).castTo(a.dataType());
        return otherwise.muli(m.rsub(1)).addi(m.muli(positive));
    }
}
