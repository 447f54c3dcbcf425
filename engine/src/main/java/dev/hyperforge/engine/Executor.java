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
 */
final class Executor {
    private final Graph graph;
    private final DataType dtype;
    private final Map<Node, Map<String, Object>> buffers = new IdentityHashMap<>();
    private Thread owner;

    Executor(Graph graph, DataType dtype) {
        this.graph = graph;
        this.dtype = dtype;
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
        SplittableRandom root = new SplittableRandom(seed);
        boolean reuse = ownedByCaller();
        for (Node n : graph.nodes()) {
            List<INDArray> args = new ArrayList<>(n.inputs().size());
            for (Tensor t : n.inputs()) {
                args.add(pass.values.get(t));
            }
            LayerContext ctx = new LayerContext(training, root.split());
            if (training) {
                ctx.setInputGradients(inputGradients(n));
            } else {
                ctx.forwardOnly();
            }
            if (reuse) {
                ctx.reuseBuffers(buffers.computeIfAbsent(n, k -> new HashMap<>()));
            }
            pass.contexts.put(n, ctx);
            setInputMasks(pass, n, ctx);
            long t0 = Profiler.ON ? Profiler.now() : 0;
            Layer layer = Graph.layerOf(n);
            if (n.outputs().size() == 1) {
                pass.values.put(n.output(), layer.forward(args, ctx));
            } else {
                List<INDArray> outs = layer.forwardAll(args, ctx);
                for (int k = 0; k < outs.size(); k++) {
                    pass.values.put(n.outputs().get(k), outs.get(k));
                }
            }
            INDArray mask = layer.computeMask(args, ctx);
            if (mask != null) {
                pass.masks.put(n.output(), mask);
            }
            if (Profiler.ON) {
                Profiler.add(Graph.layerOf(n).describe() + (training ? " forward" : " infer"), Profiler.now() - t0);
            }
        }
        if (reuse && escapes) {
            copyReusedOutputs(pass);
        }
        return pass;
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

    /** Backward of a multi-output call from the gradients that reached its outputs; null when none did. */
    private static List<INDArray> backwardAll(Node n, INDArray first, Map<Tensor, INDArray> grads, LayerContext ctx) {
        List<INDArray> gs = new ArrayList<>(n.outputs().size());
        gs.add(first);
        boolean any = first != null;
        for (int k = 1; k < n.outputs().size(); k++) {
            INDArray gk = grads.remove(n.outputs().get(k));
            any |= gk != null;
            gs.add(gk);
        }
        return any ? Graph.layerOf(n).backwardAll(gs, ctx) : null;
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
     * Backward pass: accumulates parameter gradients.
     *
     * @param pass the forward pass
     * @param outputGrads gradients with respect to output tensors
     * @param logitGrads gradients with respect to the logits of fused output layers
     */
    void backward(Pass pass, Map<Tensor, INDArray> outputGrads, Map<Node, INDArray> logitGrads) {
        Map<Tensor, INDArray> grads = new IdentityHashMap<>(outputGrads);
        List<Node> nodes = graph.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            INDArray g = grads.remove(n.output());
            INDArray gl = logitGrads.get(n);
            LayerContext ctx = pass.contexts.get(n);
            List<INDArray> inGrads;
            long t0 = Profiler.ON ? Profiler.now() : 0;
            if (n.outputs().size() > 1) {
                inGrads = backwardAll(n, g, grads, ctx);
                if (inGrads == null) {
                    continue;
                }
            } else if (gl != null) {
                ActivatedLayer al = (ActivatedLayer) Graph.layerOf(n);
                INDArray total = g == null ? gl : gl.add(al.activation().backward(pass.value(n.output()), g));
                inGrads = al.backwardFromLogits(total, ctx);
            } else if (g != null) {
                inGrads = Graph.layerOf(n).backward(g, ctx);
            } else {
                continue;
            }
            if (Profiler.ON) {
                Profiler.add(Graph.layerOf(n).describe() + " backward", Profiler.now() - t0);
            }
            for (int k = 0; k < n.inputs().size(); k++) {
                INDArray gk = inGrads.get(k);
                Tensor t = n.inputs().get(k);
                if (gk == null || t.node().inputs().isEmpty()) {
                    continue;
                }
                grads.merge(t, gk, (a, b) -> a.add(b));
            }
        }
    }
}
