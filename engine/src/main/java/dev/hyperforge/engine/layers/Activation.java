package dev.hyperforge.engine.layers;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Element-wise (and softmax) activations with their derivatives. */
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
    SOFTMAX;

    /** Parses a Keras activation name ({@code linear}, {@code relu}, …; null means linear). */
    public static Activation parse(String name) {
        if (name == null || name.isBlank()) {
            return LINEAR;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of linear, relu, sigmoid, tanh, softmax");
        }
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
        };
    }

    /**
     * Gradient with respect to the pre-activation given the activation's output {@code a} and the
     * gradient {@code g} with respect to {@code a}. Returns a new array.
     */
    public INDArray backward(INDArray a, INDArray g) {
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
        };
    }
}
