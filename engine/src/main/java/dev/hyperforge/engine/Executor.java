package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.ActivatedLayer;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.kernels.ReusedArrays;


/**
 * Runs a graph forward and backward over concrete arrays. Layers may reuse their arrays across passes
 * ({@link LayerContext#reusable}): each node keeps its own, for the thread that ran the first pass (other
 * threads get fresh arrays), and model outputs that live in them are copied before the pass is returned.
 * Masks flow with the values: each node's context receives its inputs' masks before forward, and the
 * layer's {@link Layer#computeMask} gives its output's mask after it (Keras' mask propagation).
 *
 * <p>Independent calls (the branches of a multi-input model) may run at once, level by level of the
 * {@link Schedule}, where {@link Branches} finds it worth it. Every call gets its context, and so its random
 * generator, before any call runs; results enter the pass in node order, and the gradients reaching a tensor are
 * summed in a sequential pass's order ({@link Gradients}): values are bit-identical either way.
 */
final class Executor {
    private final Graph graph;
    private final DataType dtype;
    private final Map<Node, Map<String, Object>> buffers = new IdentityHashMap<>();
    private final Schedule schedule;
    private final Branches branches;
    private final ReluHandOff reluHandOff;
    private Thread owner;

    Executor(Graph graph, DataType dtype) {
        this.graph = graph;
        this.dtype = dtype;
        this.schedule = new Schedule(graph);
        this.branches = new Branches(schedule, graph.nodes().size());
        this.reluHandOff = new ReluHandOff(graph);
    }

    /** The values and per-call contexts of one forward pass. */
    static final class Pass {
        final Map<Tensor, INDArray> values = new IdentityHashMap<>();
        final Map<Node, LayerContext> contexts = new IdentityHashMap<>();
        /** The mask of each tensor that carries one ({@link Layer#computeMask}); absent means none. */
        final Map<Tensor, INDArray> masks = new IdentityHashMap<>();

        INDArray value(Tensor t) {
            return values.get(t);
        }

        /** The mask of a tensor, or null when it carries none. */
        INDArray mask(Tensor t) {
            return masks.get(t);
        }
    }

    /**
     * Forward pass.
     *
     * @param inputs arrays in the order of the model's inputs
     * @param training training mode (dropout, batch statistics)
     * @param seed seed for this pass's randomness
     */
    Pass forward(List<INDArray> inputs, boolean training, long seed) {
        return forward(inputs, training, seed, true);
    }

    /**
     * Forward pass whose outputs, when {@code escapes} is false, are read only before the next pass (the
     * trainer's steps and evaluation): they may then stay in reused arrays, uncopied.
     */
    Pass forward(List<INDArray> inputs, boolean training, long seed, boolean escapes) {
        NativeMemory.check();
        Pass pass = new Pass();
        List<Tensor> in = graph.inputs();
        for (int i = 0; i < in.size(); i++) {
            INDArray a = inputs.get(i);
            if (in.get(i).dtype() != DType.INT32 && a.dataType() != dtype) {
                a = a.castTo(dtype);
            }
            pass.values.put(in.get(i), a);
        }
        boolean reuse = ownedByCaller();
        createContexts(pass, training, seed, reuse);
        List<Node> nodes = graph.nodes();
        Branches.Plan plan = branches.begin(training ? Branches.Kind.TRAIN : Branches.Kind.INFER);
        if (Branches.concurrent(plan)) {
            List<int[]> levels = schedule.forward();
            for (int l = 0; l < levels.size(); l++) {
                forwardLevel(pass, levels.get(l), Branches.groups(plan, l), training);
            }
        } else {
            boolean timing = plan != null && plan.timing();
            for (int i = 0; i < nodes.size(); i++) {
                long t0 = timing ? System.nanoTime() : 0;
                commit(pass, nodes.get(i), forwardNode(pass, nodes.get(i), training));
                if (timing) {
                    plan.record(i, System.nanoTime() - t0);
                }
            }
        }
        if (reuse && escapes) {
            copyReusedOutputs(pass);
        }
        return pass;
    }

    /**
     * Every call's context, made in node order before any call runs: each takes the next split of the pass's
     * generator, so a call's random draws do not depend on when, or on which thread, it runs.
     */
    private void createContexts(Pass pass, boolean training, long seed, boolean reuse) {
        SplittableRandom root = new SplittableRandom(seed);
        for (Node n : graph.nodes()) {
            LayerContext ctx = new LayerContext(training, root.split());
            if (training) {
                ctx.setInputGradients(inputGradients(n));
            } else {
                ctx.forwardOnly();
            }
            if (reuse) {
                ctx.reuseBuffers(buffers.computeIfAbsent(n, k -> new HashMap<>()));
            }
            reluHandOff.mark(n, ctx);
            pass.contexts.put(n, ctx);
        }
    }

    /** The outputs and output mask of one call, before they enter the pass. */
    private record Outputs(List<INDArray> values, INDArray mask) {
    }

    /** Runs a level's calls one after the other, or its groups at once; commits the results in node order. */
    private void forwardLevel(Pass pass, int[] level, int[][] groups, boolean training) {
        List<Node> nodes = graph.nodes();
        if (groups == null) {
            for (int i : level) {
                commit(pass, nodes.get(i), forwardNode(pass, nodes.get(i), training));
            }
            return;
        }
        Outputs[] out = new Outputs[nodes.size()];
        Branches.run(groups, i -> out[i] = forwardNode(pass, nodes.get(i), training), Integer::compare,
                i -> Graph.layerOf(nodes.get(i)).describe());
        for (int i : level) {
            commit(pass, nodes.get(i), out[i]);
        }
    }

    /** One call's forward; reads the pass, writes only the call's context. */
    private static Outputs forwardNode(Pass pass, Node n, boolean training) {
        List<INDArray> args = new ArrayList<>(n.inputs().size());
        for (Tensor t : n.inputs()) {
            args.add(pass.values.get(t));
        }
        LayerContext ctx = pass.contexts.get(n);
        setInputMasks(pass, n, ctx);
        long t0 = Profiler.ON ? Profiler.now() : 0;
        Layer layer = Graph.layerOf(n);
        List<INDArray> outs = n.outputs().size() == 1 ? java.util.Collections.singletonList(layer.forward(args, ctx)) : layer.forwardAll(args, ctx);
        INDArray mask = layer.computeMask(args, ctx);
        if (Profiler.ON) {
            Profiler.add(layer.describe() + (training ? " forward" : " infer"), Profiler.now() - t0);
        }
        return new Outputs(outs, mask);
    }

    private static void commit(Pass pass, Node n, Outputs o) {
        for (int k = 0; k < o.values().size(); k++) {
            pass.values.put(n.outputs().get(k), o.values().get(k));
        }
        if (o.mask() != null) {
            pass.masks.put(n.output(), o.mask());
        }
    }

    /** Hands the node's input masks to its context, when any of its inputs carries one. */
    private static void setInputMasks(Pass pass, Node n, LayerContext ctx) {
        if (pass.masks.isEmpty()) {
            return;
        }
        List<INDArray> masks = new ArrayList<>(n.inputs().size());
        boolean any = false;
        for (Tensor t : n.inputs()) {
            INDArray m = pass.masks.get(t);
            any |= m != null;
            masks.add(m);
        }
        if (any) {
            ctx.setInputMasks(masks);
        }
    }

    /** Whether the calling thread owns the reusable arrays (the first thread to run a pass does). */
    private synchronized boolean ownedByCaller() {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        return owner == Thread.currentThread();
    }

    /** Replaces model outputs that live in a reusable array (or a view of one) by copies, so they outlive the pass. */
    private void copyReusedOutputs(Pass pass) {
        for (Tensor t : graph.outputs()) {
            INDArray v = pass.values.get(t);
            if (v != null && !v.isEmpty() && inReusedArray(v)) {
                pass.values.put(t, v.dup());
            }
        }
    }

    private boolean inReusedArray(INDArray v) {
        long at = v.data().address();
        for (Map<String, Object> m : buffers.values()) {
            for (Object o : m.values()) {
                if (!(o instanceof ReusedArrays kept)) {
                    continue;
                }
                for (INDArray b : kept.arrays()) {
                    long start = b.data().address();
                    if (at >= start && at < start + b.data().length() * b.data().getElementSize()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Which of a node's inputs need a gradient: all but the model's inputs. */
    private static boolean[] inputGradients(Node n) {
        boolean[] needed = new boolean[n.inputs().size()];
        for (int k = 0; k < needed.length; k++) {
            needed[k] = !n.inputs().get(k).node().inputs().isEmpty();
        }
        return needed;
    }

    /**
     * Backward pass: accumulates parameter gradients. The gradient reaching a tensor is the sum of its contributions
     * (the model output's own gradient first, then each consumer's, latest call first), summed when the tensor's
     * producer runs backward: the same additions in the same order as a sequential pass, whichever way levels run.
     *
     * @param pass the forward pass
     * @param outputGrads gradients with respect to output tensors
     * @param logitGrads gradients with respect to the logits of fused output layers
     */
    void backward(Pass pass, Map<Tensor, INDArray> outputGrads, Map<Node, INDArray> logitGrads) {
        Gradients grads = new Gradients(outputGrads);
        List<Node> nodes = graph.nodes();
        Branches.Plan plan = branches.begin(Branches.Kind.BACKWARD);
        if (!Branches.concurrent(plan)) {
            boolean timing = plan != null && plan.timing();
            for (int i = nodes.size() - 1; i >= 0; i--) {
                long t0 = timing ? System.nanoTime() : 0;
                grads.add(i, nodes.get(i), backwardNode(pass, nodes.get(i), grads, logitGrads));
                if (timing) {
                    plan.record(i, System.nanoTime() - t0);
                }
            }
            return;
        }
        List<int[]> levels = schedule.backward();
        for (int l = 0; l < levels.size(); l++) {
            backwardLevel(pass, levels.get(l), Branches.groups(plan, l), grads, logitGrads);
        }
    }

    /** Runs a backward level's calls one after the other, or its groups at once; adds their gradients in node order. */
    private void backwardLevel(Pass pass, int[] level, int[][] groups, Gradients grads, Map<Node, INDArray> logitGrads) {
        List<Node> nodes = graph.nodes();
        if (groups == null) {
            for (int i : level) {
                grads.add(i, nodes.get(i), backwardNode(pass, nodes.get(i), grads, logitGrads));
            }
            return;
        }
        @SuppressWarnings("unchecked")
        List<INDArray>[] in = new List[nodes.size()];
        Branches.run(groups, i -> in[i] = backwardNode(pass, nodes.get(i), grads, logitGrads), (a, b) -> Integer.compare(b, a),
                i -> Graph.layerOf(nodes.get(i)).describe());
        for (int i : level) {
            grads.add(i, nodes.get(i), in[i]);
        }
    }

    /** One call's backward: its input gradients, or null when no gradient reached it. */
    private static List<INDArray> backwardNode(Pass pass, Node n, Gradients grads, Map<Node, INDArray> logitGrads) {
        INDArray g = grads.take(n.output());
        INDArray gl = logitGrads.get(n);
        LayerContext ctx = pass.contexts.get(n);
        List<INDArray> inGrads;
        long t0 = Profiler.ON ? Profiler.now() : 0;
        if (n.outputs().size() > 1) {
            List<INDArray> gs = new ArrayList<>(n.outputs().size());
            gs.add(g);
            boolean any = g != null;
            for (int k = 1; k < n.outputs().size(); k++) {
                INDArray gk = grads.take(n.outputs().get(k));
                any |= gk != null;
                gs.add(gk);
            }
            inGrads = any ? Graph.layerOf(n).backwardAll(gs, ctx) : null;
        } else if (gl != null) {
            ActivatedLayer al = (ActivatedLayer) Graph.layerOf(n);
            INDArray total = g == null ? gl : gl.add(al.activation().backward(pass.value(n.output()), g));
            inGrads = al.backwardFromLogits(total, ctx);
        } else if (g != null) {
            inGrads = Graph.layerOf(n).backward(g, ctx);
        } else {
            inGrads = null;
        }
        if (Profiler.ON && inGrads != null) {
            Profiler.add(Graph.layerOf(n).describe() + " backward", Profiler.now() - t0);
        }
        return inGrads;
    }
}
