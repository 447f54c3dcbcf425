package dev.hyperforge.experiments.file;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code model} section: a functional graph from named inputs through named layers to named outputs,
 * or (with {@code sequential}) a stack of layers on a single input.
 *
 * <pre>{@code
 * ModelSpec m = new ModelSpec(true, List.of(InputSpec.of("input", 3)),
 *     List.of(new LayerSpec("dense", "Dense", Map.of("units", 2, "activation", "relu"), List.of()),
 *             new LayerSpec("out", "Dense", Map.of("units", 3, "activation", "sigmoid"), List.of())),
 *     List.of("out"));
 * }</pre>
 *
 * @param sequential whether this is the sequential form (one input, each layer on the previous one)
 * @param inputs the inputs
 * @param layers the layers, in order; a layer may only use inputs and earlier layers
 * @param outputs names of the output layers (default: the last layer)
 */
public record ModelSpec(boolean sequential, List<InputSpec> inputs, List<LayerSpec> layers, List<String> outputs) {
    /** Validates names and references. */
    public ModelSpec {
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        layers = List.copyOf(layers == null ? List.of() : layers);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one input");
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        if (sequential && inputs.size() != 1) {
            throw new IllegalArgumentException("a sequential model has exactly one input, received " + inputs.size());
        }
        outputs = outputs == null || outputs.isEmpty() ? List.of(layers.get(layers.size() - 1).name()) : List.copyOf(outputs);
        Set<String> known = new HashSet<>();
        for (InputSpec i : inputs) {
            if (!known.add(i.name())) {
                throw new IllegalArgumentException("duplicate input name '" + i.name() + "'");
            }
        }
        for (int k = 0; k < layers.size(); k++) {
            LayerSpec l = layers.get(k);
            if (sequential && !l.inputs().isEmpty()) {
                throw new IllegalArgumentException("layer '" + l.name() + "': a sequential model takes no 'inputs' on its layers");
            }
            if (k == 0 && l.inputs().isEmpty() && inputs.size() > 1) {
                throw new IllegalArgumentException("layer '" + l.name() + "' is the first layer of a model with several inputs; name its inputs");
            }
            for (String in : l.inputs()) {
                if (!known.contains(LayerSpec.source(in))) {
                    throw new IllegalArgumentException("layer '" + l.name() + "' uses '" + in + "', which is neither an input nor an earlier layer");
                }
            }
            if (!known.add(l.name())) {
                throw new IllegalArgumentException("duplicate layer name '" + l.name() + "' (names of inputs and layers must be unique)");
            }
        }
        Set<String> layerNames = new HashSet<>();
        layers.forEach(l -> layerNames.add(l.name()));
        Set<String> seen = new HashSet<>();
        for (String o : outputs) {
            if (!layerNames.contains(o)) {
                throw new IllegalArgumentException("output '" + o + "' is not a layer of the model");
            }
            if (!seen.add(o)) {
                throw new IllegalArgumentException("output '" + o + "' is listed twice");
            }
        }
        if (sequential && (outputs.size() != 1 || !outputs.get(0).equals(layers.get(layers.size() - 1).name()))) {
            throw new IllegalArgumentException("a sequential model's only output is its last layer");
        }
    }

    /** The input names in order. */
    public List<String> inputNames() {
        return inputs.stream().map(InputSpec::name).toList();
    }
}
