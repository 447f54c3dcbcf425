package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.kernels.FreshArrays;
import dev.hyperforge.engine.kernels.HostWeights;
import dev.hyperforge.engine.kernels.SmallDense;
import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;

/**
 * Prediction of a model that is one chain of Dense layers (Dropout, the identity at inference, may sit
 * between them) straight on the small-array Java path ({@link SmallKernels}), without the executor: no
 * per-layer contexts, maps or intermediate ND4J arrays, only the returned output. It runs only where the
 * executor would run every layer through {@link SmallDense} too (same size limits, same chunks of
 * {@code batchSize} rows), with the same arithmetic and the same rounding between layers, so the
 * predictions are bit-identical with the executor's. The weights' host copies are kept between calls
 * ({@link HostWeights}: compared bit for bit with the arrays at each call, widened again only after a change).
 *
 * <pre>{@code
 * SmallPredict p = SmallPredict.of(graph, DataType.FLOAT);   // null: not such a chain
 * INDArray out = p == null ? null : p.predict(x, 256);        // null: too large, use the executor
 * }</pre>
 */
final class SmallPredict {
    /** Off for tests that compare with the executor's path. */
    static volatile boolean enabled = true;

    private final List<Dense> layers;
    private final DataType dtype;
    /** Per thread, the host copies of each layer's kernel and bias (2k, 2k + 1), widened again only when their bits change. */
    private final ThreadLocal<HostWeights[]> kept;
    /** The returned arrays, sharing one shape information while the number of rows stays the same. */
    private final FreshArrays outputs = new FreshArrays();

    private SmallPredict(List<Dense> layers, DataType dtype) {
        this.layers = layers;
        this.dtype = dtype;
        this.kept = ThreadLocal.withInitial(() -> {
            HostWeights[] h = new HostWeights[2 * layers.size()];
            for (int i = 0; i < h.length; i++) {
                h[i] = new HostWeights();
            }
            return h;
        });
    }

    /** The fast path of {@code graph}, or null when it is not a single chain of supported Dense (and Dropout) layers on one rank-2 input. */
    static SmallPredict of(Graph graph, DataType dtype) {
        if (graph.inputs().size() != 1 || graph.outputs().size() != 1 || graph.inputs().get(0).dtype() == DType.INT32
                || graph.inputs().get(0).shape().rank() != 2) {
            return null;
        }
        Tensor prev = graph.inputs().get(0);
        List<Dense> chain = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.inputs().size() != 1 || n.outputs().size() != 1 || n.inputs().get(0) != prev) {
                return null;
            }
            Layer l = Graph.layerOf(n);
            if (l instanceof Dense d && SmallDense.supports(d.activation())) {
                chain.add(d);
            } else if (!(l instanceof Dropout)) {
                return null;
            }
            prev = n.output();
        }
        return prev == graph.outputs().get(0) && !chain.isEmpty() ? new SmallPredict(chain, dtype) : null;
    }

    /** The predictions for the rows of {@code x}, or null when they do not fit the Java path (the caller runs the executor). */
    INDArray predict(INDArray x, int batchSize) {
        long n = x.size(0);
        int chunk = (int) Math.min(n, batchSize);
        if (!enabled || chunk <= 0 || x.rank() != 2 || x.dataType() != dtype || !SmallKernels.readable(x) || !fits(chunk)) {
            return null;
        }
        int in = (int) x.size(1);
        Dense last = layers.get(layers.size() - 1);
        INDArray out = outputs.create(dtype, n, last.units());
        int width = in;
        for (Dense d : layers) {
            width = Math.max(width, d.units());
        }
        boolean toFloat = dtype == DataType.FLOAT;
        for (long from = 0; from < n; from += chunk) {
            int rows = (int) Math.min(chunk, n - from);
            double[][] a = SmallKernels.scratchRows(0, rows, width);
            double[][] b = SmallKernels.scratchRows(1, rows, width);
            SmallKernels.readRows(x, from, a, rows, in);
            HostWeights[] host = kept.get();
            for (int k = 0; k < layers.size(); k++) {
                Dense d = layers.get(k);
                INDArray kernel = d.params().get(0).value();
                int units = (int) kernel.size(1);
                double[] bias = d.params().size() > 1 ? host[2 * k + 1].vector(d.params().get(1).value(), units) : null;
                SmallDense.infer(a, rows, host[2 * k].rows(kernel, (int) kernel.size(0), units), bias, (int) kernel.size(0), units,
                        d.activation(), b, toFloat);
                double[][] t = a;
                a = b;
                b = t;
            }
            SmallKernels.writeRows(a, rows, last.units(), out, from);
        }
        return out;
    }

    /** Whether every layer takes the Java path at {@code rows} rows, as the executor would decide. */
    private boolean fits(int rows) {
        for (Dense d : layers) {
            INDArray kernel = d.params().get(0).value();
            if (kernel.dataType() != dtype || !SmallKernels.denseFits(rows, kernel)
                    || d.params().size() > 1 && !SmallKernels.readable(d.params().get(1).value())) {
                return false;
            }
        }
        return true;
    }
}
