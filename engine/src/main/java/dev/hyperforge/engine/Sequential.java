package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.List;

import dev.hyperforge.engine.layers.Layer;


/**
 * The sequential form: a stack of single-input layers on one input. It builds the same {@link Model}
 * (same layer names, shapes and parameter counts) as the functional form.
 *
 * <pre>{@code
 * Model m = new Sequential().input(3).add(new Dense(2, "relu")).add(new Dense(3, "sigmoid")).build();
 * }</pre>
 */
public final class Sequential {
    private final List<Layer> layers = new ArrayList<>();
    private Tensor input;
    private String name = "sequential";

    /** Names the model. */
    public Sequential name(String n) {
        this.name = n;
        return this;
    }

    /** A float32 input named {@code input} with these feature dimensions. */
    public Sequential input(int... featureDims) {
        return input(Input.of("input", featureDims));
    }

    /** An integer (token id) input named {@code input}. */
    public Sequential intInput(int... featureDims) {
        return input(Input.ints("input", featureDims));
    }

    /** Any input tensor made with {@link Input}. */
    public Sequential input(Tensor in) {
        if (input != null) {
            throw new IllegalStateException("a Sequential model has exactly one input, already given " + input.shape());
        }
        this.input = in;
        return this;
    }

    /** Appends a layer. */
    public Sequential add(Layer layer) {
        if (layer.arity() != 1) {
            throw new IllegalArgumentException(layer.describe() + " takes " + (layer.arity() < 0 ? "several" : layer.arity())
                    + " inputs and cannot be used in a Sequential model; use the functional form");
        }
        layers.add(layer);
        return this;
    }

    /** Builds the model, initialising weights with seed 0. */
    public Model build() {
        return build(0L);
    }

    /** Builds the model with the given weight seed. */
    public Model build(long seed) {
        if (input == null) {
            throw new IllegalStateException("a Sequential model needs an input shape: call input(...) before build()");
        }
        if (layers.isEmpty()) {
            throw new IllegalStateException("a Sequential model needs at least one layer");
        }
        Tensor t = input;
        for (Layer l : layers) {
            t = l.call(t);
        }
        return new Model(name, List.of(input), List.of(t), seed);
    }
}
