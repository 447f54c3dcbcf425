package dev.hyperforge.experiments.model;

import java.util.List;
import java.util.Map;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.experiments.data.MemoryBudget;

/**
 * An estimate of a model's memory, made from its symbolic graph before any weight is allocated, so that a size
 * that cannot fit ({@code units: 1000000000}, a huge input shape) is refused with the place named instead of
 * ending in an {@code OutOfMemoryError}. Parameters are counted from each layer's arguments and input shapes
 * (Dense, Embedding, convolutions, LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed(Dense), BatchNormalization,
 * LayerNormalization, TokenAndPositionEmbedding, PositionEmbedding, MultiHeadAttention; other layers count as weightless); activations
 * are the values every layer outputs per sample. All arithmetic is overflow-safe.
 *
 * <pre>{@code
 * ModelSize s = ModelSize.of(GraphBuilder.symbolic(e, params));
 * long bytes = s.trainingBytes(batchSize);   // weights, gradients, optimizer state, activations
 * }</pre>
 *
 * @param params scalar parameters of the whole model
 * @param largestParam the values of the largest single weight array
 * @param largestLayer the index (in the file's layers) of the layer holding it, or -1 when no layer has weights
 * @param activations values output by all layers for one sample
 * @param widestLayer the index of the layer with the largest output per sample, or -1 when there is no layer
 */
record ModelSize(long params, long largestParam, int largestLayer, long activations, int widestLayer) {
    /** Bytes per value (32-bit floats). */
    static final long FLOAT = 4;

    /** The estimate of a symbolic graph. */
    static ModelSize of(GraphBuilder.Symbolic g) {
        long params = 0;
        long largest = 0;
        int largestLayer = -1;
        long activations = 0;
        long widest = -1;
        int widestLayer = -1;
        for (int i = 0; i < g.layers().size(); i++) {
            Layer l = g.layers().get(i);
            long[] p = params(l);
            params = MemoryBudget.add(params, p[0]);
            if (p[1] > largest) {
                largest = p[1];
                largestLayer = i;
            }
            for (var node : l.nodes()) {
                long out = values(node.output().shape().featureDims());
                activations = MemoryBudget.add(activations, out);
                if (out > widest) {
                    widest = out;
                    widestLayer = i;
                }
            }
        }
        for (Tensor t : g.inputs()) {
            activations = MemoryBudget.add(activations, values(t.shape().featureDims()));
        }
        return new ModelSize(params, largest, largestLayer, activations, widestLayer);
    }

    /**
     * Bytes to train with {@code batch} samples per step: weights, gradients and two optimizer moments (4 copies of
     * the parameters) and, per sample, every activation and its gradient (2 copies).
     */
    long trainingBytes(int batch) {
        long weights = MemoryBudget.multiply(MemoryBudget.multiply(params, 4), FLOAT);
        long acts = MemoryBudget.multiply(MemoryBudget.multiply(MemoryBudget.multiply(activations, Math.max(1, batch)), 2), FLOAT);
        return MemoryBudget.add(weights, acts);
    }

    /** The product of known dimensions (unknown ones count as 1), saturating at {@link Long#MAX_VALUE}. */
    static long values(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n = MemoryBudget.multiply(n, d == Shape.UNKNOWN ? 1 : d);
        }
        return n;
    }

    /** {total, largest array} of one layer, from its arguments and input shapes. */
    private static long[] params(Layer l) {
        if (l.nodes().isEmpty()) {
            return new long[] {0, 0};
        }
        Map<String, Object> a = l.arguments();
        List<Tensor> in = l.nodes().get(0).inputs();
        long features = in.isEmpty() ? 1 : Math.max(1, in.get(0).shape().dim(-1));
        String type = l.type();
        if (a.get("input_dim") instanceof Number vocab && a.get("output_dim") instanceof Number width) {
            long e = MemoryBudget.multiply(vocab.longValue(), width.longValue());
            return new long[] {e, e};
        }
        if (a.get("filters") instanceof Number filters) {
            long kernel = MemoryBudget.multiply(MemoryBudget.multiply(window(a.get("kernel_size")), features), filters.longValue());
            return new long[] {MemoryBudget.add(kernel, filters.longValue()), kernel};
        }
        if (a.get("units") instanceof Number units) {
            return withUnits(type, units.longValue(), features);
        }
        if (a.get("layer") instanceof Map<?, ?> inner && inner.get("config") instanceof Map<?, ?> ia
                && ia.get("units") instanceof Number units) {   // Bidirectional (two copies), TimeDistributed
            long[] one = withUnits(String.valueOf(inner.get("class_name")), units.longValue(), features);
            return new long[] {MemoryBudget.multiply(one[0], type.equals("Bidirectional") ? 2 : 1), one[1]};
        }
        if (type.equals("BatchNormalization")) {
            return new long[] {MemoryBudget.multiply(4, features), features};
        }
        return attentionParams(type, a, in, features);
    }

    /** {total, largest array} of LayerNormalization, the position embeddings and MultiHeadAttention; else none. */
    private static long[] attentionParams(String type, Map<String, Object> a, List<Tensor> in, long features) {
        if (type.equals("LayerNormalization")) {
            return new long[] {MemoryBudget.multiply(2, features), features};
        }
        if (a.get("sequence_length") instanceof Number len) {
            long dim = a.get("embedding_dim") instanceof Number d ? d.longValue() : features;
            long tokens = a.get("vocabulary_size") instanceof Number v ? MemoryBudget.multiply(v.longValue(), dim) : 0;
            long positions = MemoryBudget.multiply(len.longValue(), dim);
            return new long[] {MemoryBudget.add(tokens, positions), Math.max(tokens, positions)};
        }
        if (a.get("num_heads") instanceof Number h && a.get("key_dim") instanceof Number k) {
            long heads = h.longValue();
            long value = a.get("value_dim") instanceof Number v ? v.longValue() : k.longValue();
            long out = a.get("output_shape") instanceof List<?> o && !o.isEmpty() && o.get(0) instanceof Number n ? n.longValue() : features;
            long dv = in.size() > 1 ? Math.max(1, in.get(1).shape().dim(-1)) : features;
            long dk = in.size() > 2 && in.get(2).shape().rank() == 3 && !Boolean.TRUE.equals(a.get("use_attention_mask"))
                    ? Math.max(1, in.get(2).shape().dim(-1)) : dv;
            long[] kernels = {MemoryBudget.multiply(features, MemoryBudget.multiply(heads, k.longValue())),
                MemoryBudget.multiply(dk, MemoryBudget.multiply(heads, k.longValue())),
                MemoryBudget.multiply(dv, MemoryBudget.multiply(heads, value)),
                MemoryBudget.multiply(MemoryBudget.multiply(heads, value), out)};
            long total = MemoryBudget.add(MemoryBudget.multiply(2, MemoryBudget.multiply(heads, k.longValue())),
                    MemoryBudget.add(MemoryBudget.multiply(heads, value), out));
            long largest = 0;
            for (long kernel : kernels) {
                total = MemoryBudget.add(total, kernel);
                largest = Math.max(largest, kernel);
            }
            return new long[] {total, largest};
        }
        return new long[] {0, 0};
    }

    /** {total, largest array} of a Dense or recurrent layer with {@code u} units over {@code features} inputs. */
    private static long[] withUnits(String type, long u, long features) {
        long gates = type.equals("LSTM") ? 4 : type.equals("GRU") ? 3 : 1;
        long recurrent = type.equals("Dense") ? 0 : u;
        long biases = type.equals("GRU") ? 2 : 1;
        long kernel = MemoryBudget.multiply(MemoryBudget.add(features, recurrent), MemoryBudget.multiply(gates, u));
        return new long[] {MemoryBudget.add(kernel, MemoryBudget.multiply(biases, MemoryBudget.multiply(gates, u))), kernel};
    }

    private static long window(Object k) {
        if (k instanceof Number n) {
            return n.longValue();
        }
        long w = 1;
        if (k instanceof List<?> list) {
            for (Object o : list) {
                w = MemoryBudget.multiply(w, o instanceof Number n ? n.longValue() : 1);
            }
        }
        return w;
    }
}
