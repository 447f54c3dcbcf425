package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.TokenConv;

/**
 * The gradients reaching each tensor during one backward pass, kept as contributions until the tensor's producer
 * asks for their sum ({@link #take}). The sum always runs in a sequential pass's order: the model output's own
 * gradient first, then the consumers' by descending node index (a call that reads the tensor twice: its first
 * input first), each addition {@code sum.add(next)}. So a backward whose levels run at once ({@link Branches}),
 * and commit their contributions level by level, adds the same arrays in the same order as one that runs node by
 * node. A contribution that stands for per-token row gradients ({@link TokenConv}) is computed in full before it
 * is added to another. Thread-safe: calls of one level take their gradients at the same time.
 *
 * <pre>{@code
 * Gradients g = new Gradients(outputGrads);
 * g.add(i, node, inputGradients);   // after node i's backward
 * INDArray sum = g.take(tensor);    // before its producer's backward; null when nothing reached it
 * }</pre>
 */
final class Gradients {
    private static final long OUTPUT = Long.MAX_VALUE;
    private final Map<Tensor, List<Contribution>> byTensor = new IdentityHashMap<>();

    private record Contribution(long order, INDArray value) {
    }

    Gradients(Map<Tensor, INDArray> outputGrads) {
        outputGrads.forEach((t, g) -> byTensor.computeIfAbsent(t, k -> new ArrayList<>()).add(new Contribution(OUTPUT, g)));
    }

    /** Adds node {@code index}'s input gradients (null: none) to the tensors it read, model inputs left out. */
    synchronized void add(int index, Node n, List<INDArray> inputGradients) {
        if (inputGradients == null) {
            return;
        }
        for (int k = 0; k < n.inputs().size(); k++) {
            INDArray gk = inputGradients.get(k);
            Tensor t = n.inputs().get(k);
            if (gk == null || t.node().inputs().isEmpty()) {
                continue;
            }
            long order = (long) index * 65_536 + (65_535 - k);
            byTensor.computeIfAbsent(t, x -> new ArrayList<>()).add(new Contribution(order, gk));
        }
    }

    /** The sum of the gradients that reached {@code t}, or null when none did; forgets them. */
    INDArray take(Tensor t) {
        List<Contribution> c;
        synchronized (this) {
            c = byTensor.remove(t);
        }
        if (c == null || c.isEmpty()) {
            return null;
        }
        c.sort(Comparator.comparingLong(Contribution::order).reversed());
        if (c.size() == 1) {
            return c.get(0).value();
        }
        INDArray sum = TokenConv.materialize(c.get(0).value());
        for (int k = 1; k < c.size(); k++) {
            sum = sum.add(TokenConv.materialize(c.get(k).value()));
        }
        return sum;
    }
}
