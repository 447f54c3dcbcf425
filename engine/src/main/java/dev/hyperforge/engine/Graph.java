package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.engine.layers.core.InputLayer;
import dev.hyperforge.engine.layers.Layer;


/**
 * The topology of a functional model: its named inputs and outputs, the layer calls in an order where
 * every call comes after the calls that feed it, and the distinct layers. Built once, never changed.
 */
final class Graph {
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;
    private final List<Node> nodes;
    private final List<Layer> layers;
    private final Map<String, Layer> byName;

    Graph(List<Tensor> inputs, List<Tensor> outputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one input");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one output");
        }
        for (Tensor t : inputs) {
            if (!(layerOf(t) instanceof InputLayer)) {
                throw new IllegalArgumentException("model inputs must come from Input.of(...); received the output of " + layerOf(t).describe());
            }
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = topologicalOrder();
        this.layers = distinctLayers();
        nameLayers();
        this.byName = indexByName();
        checkInputsReachable();
        checkOutputNamesUnique();
    }

    List<Tensor> inputs() {
        return inputs;
    }

    List<Tensor> outputs() {
        return outputs;
    }

    /** Layer calls, inputs excluded, in execution order. */
    List<Node> nodes() {
        return nodes;
    }

    /** Distinct layers in order of first use, input layers first. */
    List<Layer> layers() {
        return layers;
    }

    Layer layer(String name) {
        Layer l = byName.get(name);
        if (l == null) {
            throw new IllegalArgumentException("no layer named '" + name + "'; layers are " + byName.keySet());
        }
        return l;
    }

    List<String> inputNames() {
        List<String> n = new ArrayList<>();
        for (Tensor t : inputs) {
            n.add(layerOf(t).name());
        }
        return n;
    }

    List<String> outputNames() {
        List<String> n = new ArrayList<>();
        for (Tensor t : outputs) {
            n.add(layerOf(t).name());
        }
        return n;
    }

    private List<Node> topologicalOrder() {
        List<Node> order = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> onPath = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor out : outputs) {
            visit(out.node(), done, onPath, order);
        }
        return order;
    }

    private void visit(Node n, Set<Node> done, Set<Node> onPath, List<Node> order) {
        if (done.contains(n)) {
            return;
        }
        if (!onPath.add(n)) {
            throw new IllegalArgumentException("the graph has a cycle through " + layerOf(n).describe());
        }
        for (Tensor t : n.inputs()) {
            visit(t.node(), done, onPath, order);
        }
        onPath.remove(n);
        done.add(n);
        if (!(layerOf(n) instanceof InputLayer)) {
            order.add(n);
        }
    }

    private List<Layer> distinctLayers() {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> result = new ArrayList<>();
        for (Tensor t : inputs) {
            if (seen.add(layerOf(t))) {
                result.add(layerOf(t));
            }
        }
        for (Node n : nodes) {
            if (seen.add(layerOf(n))) {
                result.add(layerOf(n));
            }
        }
        return result;
    }

    private void nameLayers() {
        Map<String, Integer> counters = new HashMap<>();
        Set<String> taken = new HashSet<>();
        for (Layer l : layers) {
            if (l.name() != null) {
                taken.add(l.name());
            }
        }
        for (Layer l : layers) {
            if (l.name() == null) {
                String base = snake(l.type());
                String candidate;
                do {
                    int k = counters.merge(base, 1, Integer::sum) - 1;
                    candidate = k == 0 ? base : base + "_" + k;
                } while (taken.contains(candidate));
                taken.add(candidate);
                l.assignNameIfAbsent(candidate);
            }
        }
    }

    private Map<String, Layer> indexByName() {
        Map<String, Layer> m = new LinkedHashMap<>();
        for (Layer l : layers) {
            Layer prev = m.put(l.name(), l);
            if (prev != null) {
                throw new IllegalArgumentException("two layers are named '" + l.name() + "' (" + prev.type() + " and " + l.type()
                        + "); layer names must be unique within a model");
            }
        }
        return m;
    }

    private void checkInputsReachable() {
        Set<Layer> declared = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : inputs) {
            declared.add(layerOf(t));
        }
        for (Node n : nodes) {
            for (Tensor t : n.inputs()) {
                if (layerOf(t) instanceof InputLayer && !declared.contains(layerOf(t))) {
                    throw new IllegalArgumentException(layerOf(n).describe() + " depends on Input '" + layerOf(t).name()
                            + "' which is not among the model's inputs " + inputNames());
                }
            }
        }
    }

    private void checkOutputNamesUnique() {
        Set<String> names = new HashSet<>();
        for (String n : outputNames()) {
            if (!names.add(n)) {
                throw new IllegalArgumentException("output '" + n + "' is listed twice; each output must come from a distinct layer");
            }
        }
    }

    static String snake(String type) {
        String s = type.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * The layer a node calls. Nodes hold their operation as an {@link Operation} so that the symbolic
     * types do not depend on the layer API; every node of a model is made by {@link Layer#call}.
     */
    static Layer layerOf(Node n) {
        if (n.operation() instanceof Layer l) {
            return l;
        }
        throw new IllegalArgumentException("a model runs layers only; " + n.operation().describe() + " is not a Layer");
    }

    /** The layer that produced a tensor. */
    static Layer layerOf(Tensor t) {
        return layerOf(t.node());
    }
}
