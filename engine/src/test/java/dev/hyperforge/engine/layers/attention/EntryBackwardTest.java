package dev.hyperforge.engine.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.kernels.BatchedMatMul;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * The level-3 float backward of {@link MultiHeadAttention} entry by entry ({@link EntryBackward}) gives the bits
 * of the same level's steps run product by product, with the entries split over the kernel threads or run in turn,
 * over two passes through reused arrays; and level 3 differs from level 2 only within float rounding.
 */
class EntryBackwardTest {
    private static List<int[]> gradients(boolean entries, boolean split, Numerics level) {
        boolean wasEntries = EntryBackward.enabled;
        boolean wasSplit = BatchedMatMul.setSplit(split);
        Numerics wasLevel = Numerics.set(level);
        EntryBackward.enabled = entries;
        try {
            MultiHeadAttention l = MultiHeadAttention.builder(2, 8).build();
            List<Shape> shapes = List.of(Shape.of(Shape.UNKNOWN, 37, 12), Shape.of(Shape.UNKNOWN, 37, 12));
            l.outputShape(shapes);
            l.build(shapes, new ParamInit(new SplittableRandom(0), DataType.FLOAT));
            INDArray x = LayerChecks.randomDouble(1, 5, 37, 12).castTo(DataType.FLOAT);
            INDArray g = LayerChecks.randomDouble(2, 5, 37, 12).castTo(DataType.FLOAT);
            Map<String, Object> store = new HashMap<>();
            List<int[]> out = new ArrayList<>();
            for (int pass = 0; pass < 2; pass++) {
                LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
                ctx.reuseBuffers(store);
                l.forward(List.of(x, x), ctx);
                l.params().forEach(Param::clearGrad);
                List<INDArray> dx = l.backward(g, ctx);
                out.add(bits(dx.get(0)));
                out.add(bits(dx.get(1)));
                for (Param p : l.params()) {
                    out.add(bits(p.grad()));
                }
            }
            return out;
        } finally {
            EntryBackward.enabled = wasEntries;
            BatchedMatMul.setSplit(wasSplit);
            Numerics.set(wasLevel);
        }
    }

    private static int[] bits(INDArray x) {
        float[] v = x.dup('c').data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    @Test
    void entryByEntryGivesTheBitsOfTheProductsInTurn() {
        List<int[]> expected = gradients(false, false, Numerics.V3);
        for (boolean split : new boolean[] {true, false}) {
            List<int[]> actual = gradients(true, split, Numerics.V3);
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), "gradient " + i + ", split " + split);
            }
        }
    }

    @Test
    void levelThreeAgreesWithLevelTwoWithinFloatRounding() {
        List<int[]> v2 = gradients(true, true, Numerics.V2);
        List<int[]> v3 = gradients(true, true, Numerics.V3);
        boolean anyDiffers = false;
        for (int i = 0; i < v2.size(); i++) {
            double max = 0;
            for (int j = 0; j < v2.get(i).length; j++) {
                max = Math.max(max, Math.abs(Float.intBitsToFloat(v2.get(i)[j])));
            }
            for (int j = 0; j < v2.get(i).length; j++) {
                float a = Float.intBitsToFloat(v2.get(i)[j]);
                float b = Float.intBitsToFloat(v3.get(i)[j]);
                assertEquals(a, b, 1e-5 * max + 1e-7, "gradient " + i + " at " + j);   // the key bias gradient is zero up to rounding
                anyDiffers |= v2.get(i)[j] != v3.get(i)[j];
            }
        }
        assertTrue(anyDiffers, "level 3 sums the softmax backward's row dots in another order");
    }
}
