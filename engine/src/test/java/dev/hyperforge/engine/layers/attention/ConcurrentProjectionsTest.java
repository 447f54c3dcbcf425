package dev.hyperforge.engine.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * {@link MultiHeadAttention}'s projections run at once ({@link ConcurrentProjections}) give the bits of the
 * projections in turn: outputs (inference and training), input gradients and every parameter gradient, for
 * self-attention and for a query, value and key of different widths and lengths, with and without biases, with the
 * products split over the kernel threads or not, over two passes through reused arrays and two batch sizes.
 */
class ConcurrentProjectionsTest {
    private static List<int[]> run(boolean together, boolean split, boolean self, boolean bias) {
        boolean was = ConcurrentProjections.enabled;
        boolean wasSplit = BatchedMatMul.setSplit(split);
        ConcurrentProjections.enabled = together;
        try {
            MultiHeadAttention l = MultiHeadAttention.builder(2, 8).useBias(bias).build();
            List<Shape> shapes = self ? List.of(Shape.of(Shape.UNKNOWN, 37, 12), Shape.of(Shape.UNKNOWN, 37, 12))
                    : List.of(Shape.of(Shape.UNKNOWN, 37, 12), Shape.of(Shape.UNKNOWN, 23, 10), Shape.of(Shape.UNKNOWN, 23, 6));
            l.outputShape(shapes);
            l.build(shapes, new ParamInit(new SplittableRandom(0), DataType.FLOAT));
            Map<String, Object> store = new HashMap<>();
            Map<String, Object> inferStore = new HashMap<>();
            List<int[]> out = new ArrayList<>();
            for (int pass = 0; pass < 3; pass++) {
                long batch = pass == 2 ? 3 : 5;
                INDArray q = LayerChecks.randomDouble(1 + pass, batch, 37, 12).castTo(DataType.FLOAT);
                List<INDArray> inputs = self ? List.of(q, q)
                        : List.of(q, LayerChecks.randomDouble(7 + pass, batch, 23, 10).castTo(DataType.FLOAT),
                                LayerChecks.randomDouble(9 + pass, batch, 23, 6).castTo(DataType.FLOAT));
                INDArray g = LayerChecks.randomDouble(2 + pass, batch, 37, 12).castTo(DataType.FLOAT);
                LayerContext infer = new LayerContext(false, new SplittableRandom(0));
                infer.reuseBuffers(inferStore);
                out.add(bits(l.forward(inputs, infer)));
                LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
                ctx.reuseBuffers(store);
                out.add(bits(l.forward(inputs, ctx)));
                l.params().forEach(Param::clearGrad);
                for (INDArray dx : l.backward(g, ctx)) {
                    if (dx != null) {
                        out.add(bits(dx));
                    }
                }
                for (Param p : l.params()) {
                    out.add(bits(p.grad()));
                }
            }
            return out;
        } finally {
            ConcurrentProjections.enabled = was;
            BatchedMatMul.setSplit(wasSplit);
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
    void projectionsAtOnceGiveTheBitsOfTheProjectionsInTurn() {
        for (boolean self : new boolean[] {true, false}) {
            for (boolean bias : new boolean[] {true, false}) {
                List<int[]> expected = run(false, true, self, bias);
                for (boolean split : new boolean[] {true, false}) {
                    List<int[]> actual = run(true, split, self, bias);
                    assertEquals(expected.size(), actual.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertArrayEquals(expected.get(i), actual.get(i), "array " + i + ", self " + self + ", bias " + bias + ", split " + split);
                    }
                }
            }
        }
    }
}
