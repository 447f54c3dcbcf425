package dev.hyperforge.engine;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * Which calls of a graph leave their relu to the call after them: a call whose layer {@link Layer#leavesRelu can}
 * (a relu {@code Conv2D}) and whose one output feeds exactly one call, once, of a layer that {@link Layer#takesRelu
 * takes it} (a max pooling with windows that do not overlap), where that output is not a model output and carries no
 * activity regularizer. The producer then returns its pre-activation values and the consumer applies relu to its
 * own, smaller, output: {@code relu(max(z)) = max(relu(z))}, the pooling's backward folds relu's gradient as it does
 * after an in-place relu, and the producer's relu gradient is a step over {@code z > 0}, the same as over
 * {@code relu(z) > 0}. For S6 this moves relu from the convolutions' outputs to the pooled ones, a quarter of their
 * size. {@code -Dhf.relu.handoff=false} turns it off (engine/BENCHMARK.md, round 11).
 */
final class ReluHandOff {
    private static volatile boolean enabled = !"false".equals(System.getProperty("hf.relu.handoff"));
    /** Calls that left their relu to the next call so far (tests read it to see the hand-off happen). */
    static volatile long handedOff;
    private final Set<Node> producers = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> consumers = Collections.newSetFromMap(new IdentityHashMap<>());

    ReluHandOff(Graph graph) {
        for (Node n : graph.nodes()) {
            Layer layer = Graph.layerOf(n);
            if (n.outputs().size() != 1 || !layer.leavesRelu() || layer.activityRegularizer() != null || graph.outputs().contains(n.output())) {
                continue;
            }
            Node only = null;
            int uses = 0;
            for (Node c : graph.nodes()) {
                for (Tensor t : c.inputs()) {
                    if (t == n.output()) {
                        uses++;
                        only = c;
                    }
                }
            }
            if (uses == 1 && only.inputs().size() == 1 && Graph.layerOf(only).takesRelu()) {
                producers.add(n);
                consumers.add(only);
            }
        }
    }

    /** Marks the call's context as leaving or taking relu, when the hand-off is on. */
    void mark(Node n, LayerContext ctx) {
        if (!enabled) {
            return;
        }
        if (producers.contains(n)) {
            ctx.leaveRelu();
            handedOff++;
        }
        if (consumers.contains(n)) {
            ctx.takeRelu();
        }
    }

    /** Tests and A/B harnesses: turns the hand-off off (false) or on again, for contexts made from now on. */
    static void setEnabled(boolean on) {
        enabled = on;
    }
}
