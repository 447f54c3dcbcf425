package dev.hyperforge.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.attention.MultiHeadAttention;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.normalization.LayerNormalization;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;

/**
 * The layers of S7's encoder block write their outputs and gradients into arrays their call site reuses
 * across passes: a pass with reuse gives the same bits as one without (float, training), also for the second
 * pass over different inputs, when the first pass's arrays hold stale values.
 */
class ReusedArraysLayersTest {
    private static List<INDArray> pass(Layer layer, List<INDArray> in, long gradSeed, Map<String, Object> store) {
        LayerContext ctx = new LayerContext(true, new SplittableRandom(11));
        if (store != null) {
            ctx.reuseBuffers(store);
        }
        List<INDArray> out = new ArrayList<>();
        out.add(layer.forward(in, ctx).dup());
        INDArray grad = LayerChecks.randomDouble(gradSeed, out.get(0).shape()).castTo(DataType.FLOAT);
        layer.params().forEach(Param::clearGrad);
        for (INDArray g : layer.backward(grad, ctx)) {
            out.add(g == null ? null : g.dup());
        }
        layer.params().forEach(p -> out.add(p.grad() == null ? null : p.grad().dup()));
        return out;
    }

    private static void assertSameWithAndWithoutReuse(Supplier<Layer> make, int inputs, long... shape) {
        Layer layer = make.get();
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            shapes.add(Shape.ofArray(shape).with(0, Shape.UNKNOWN));
        }
        layer.outputShape(shapes);
        layer.build(shapes, new ParamInit(new SplittableRandom(3), DataType.FLOAT));
        Map<String, Object> store = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            List<INDArray> in = new ArrayList<>();
            for (int i = 0; i < inputs; i++) {
                in.add(LayerChecks.randomDouble(100 * round + i, shape).castTo(DataType.FLOAT));
            }
            List<INDArray> fresh = pass(layer, in, 50 + round, null);
            List<INDArray> reused = pass(layer, in, 50 + round, store);
            assertEquals(fresh.size(), reused.size());
            for (int i = 0; i < fresh.size(); i++) {
                if (fresh.get(i) != null) {
                    assertArrayEquals(fresh.get(i).data().asFloat(), reused.get(i).data().asFloat(), 0f, layer.type() + " round " + round + " array " + i);
                }
            }
        }
    }

    @Test
    void layerNormalizationGivesTheSameBitsInReusedArrays() {
        assertSameWithAndWithoutReuse(() -> new LayerNormalization(-1, 1e-6, true, true), 1, 3, 7, 8);
    }

    @Test
    void dropoutGivesTheSameBitsInReusedArrays() {
        assertSameWithAndWithoutReuse(() -> new Dropout(0.3), 1, 3, 7, 8);
    }

    @Test
    void addGivesTheSameBitsInReusedArrays() {
        assertSameWithAndWithoutReuse(Add::new, 2, 3, 7, 8);
    }

    @Test
    void globalAveragePoolingGivesTheSameBitsInReusedArrays() {
        assertSameWithAndWithoutReuse(() -> new GlobalAveragePooling1D(false), 1, 3, 7, 8);
    }

    @Test
    void attentionGivesTheSameBitsWithKeptProducts() {
        assertSameWithAndWithoutReuse(() -> new MultiHeadAttention(2, 4), 2, 3, 7, 8);
    }
}
