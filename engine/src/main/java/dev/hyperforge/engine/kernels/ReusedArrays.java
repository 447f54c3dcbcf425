package dev.hyperforge.engine.kernels;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.LayerContext;

/**
 * The arrays one call site keeps under one key of {@link LayerContext#reusable}: one per type and shape,
 * at most {@link #SHAPES}, the least recently used dropped first (its buffer is freed when the garbage
 * collector finds it).
 */
public final class ReusedArrays {
    /** Shapes kept per key: full and last training batches, full and last evaluation batches. */
    public static final int SHAPES = 4;
    private final Map<String, INDArray> byShape = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, INDArray> eldest) {
            return size() > SHAPES;
        }
    };

    public INDArray get(DataType type, long[] shape) {
        String k = type + Arrays.toString(shape);
        INDArray a = byShape.get(k);
        if (a == null) {
            a = Nd4j.createUninitialized(type, shape);
            byShape.put(k, a);
        }
        return a;
    }

    /** The arrays kept now. */
    public Collection<INDArray> arrays() {
        return Collections.unmodifiableCollection(byShape.values());
    }
}
