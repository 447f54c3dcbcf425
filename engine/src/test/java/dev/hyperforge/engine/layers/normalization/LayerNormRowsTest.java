package dev.hyperforge.engine.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * LayerNormalization's Java row loops against its libnd4j ops: a float input and gradient that are views away
 * from their buffer's start take the ops, contiguous copies take the loops (the row means included), and outputs,
 * input gradients and parameter gradients agree to the bit, with and without scale and centre, at several widths.
 */
class LayerNormRowsTest {
    /** A view of the same values at an offset into a larger buffer (so the ops run on it). */
    private static INDArray offsetView(INDArray x) {
        long[] shape = x.shape().clone();
        shape[0] += 1;
        INDArray whole = LayerChecks.randomDouble(99, shape).castTo(DataType.FLOAT);
        INDArray v = whole.get(NDArrayIndex.interval(1, shape[0]), NDArrayIndex.all(), NDArrayIndex.all());
        v.assign(x);
        return v;
    }

    private static List<float[]> pass(LayerNormalization ln, INDArray x, INDArray grad) {
        LayerContext ctx = new LayerContext(true, new SplittableRandom(1));
        List<float[]> out = new ArrayList<>();
        out.add(ln.forward(List.of(x), ctx).dup().data().asFloat());
        ln.params().forEach(Param::clearGrad);
        out.add(ln.backward(grad, ctx).get(0).dup().data().asFloat());
        ln.params().forEach(p -> out.add(p.grad().dup().data().asFloat()));
        return out;
    }

    /** The row means summed in Java must follow libnd4j's order at every width, so several widths are checked. */
    @Test
    void theLoopsGiveTheBitsOfTheOps() {
        // 300 rows fill the loops' groups of four rows; 6 · 49 = 294 leave two rows over
        for (int steps : new int[] {50, 49}) {
            for (int c : new int[] {32, 7, 20, 64, 129}) {
                for (boolean scale : new boolean[] {true, false}) {
                    for (boolean center : new boolean[] {true, false}) {
                        check(steps, c, scale, center);
                    }
                }
            }
        }
    }

    private static void check(int steps, int c, boolean scale, boolean center) {
        int rows = 6 * steps;
        LayerNormalization ln = new LayerNormalization(-1, 1e-6, center, scale);
        List<Shape> shapes = List.of(Shape.of(Shape.UNKNOWN, steps, c));
        ln.outputShape(shapes);
        ln.build(shapes, new ParamInit(new SplittableRandom(3), DataType.FLOAT));
        ln.params().forEach(p -> p.value().addi(LayerChecks.randomDouble(4, p.value().shape()).castTo(DataType.FLOAT)));
        INDArray x = LayerChecks.randomDouble(5, 6, steps, c).muli(3).addi(1).castTo(DataType.FLOAT);
        INDArray grad = LayerChecks.randomDouble(6, 6, steps, c).castTo(DataType.FLOAT);
        assertTrue(LayerNormRows.applies(x.reshape(rows, c), grad.reshape(rows, c)));
        assertFalse(LayerNormRows.applies(offsetView(x).reshape(rows, c)));
        List<float[]> ops = pass(ln, offsetView(x), offsetView(grad));
        List<float[]> loops = pass(ln, x, grad);
        for (int i = 0; i < ops.size(); i++) {
            assertArrayEquals(bits(ops.get(i)), bits(loops.get(i)), rows + " rows, width " + c + " scale " + scale + " center " + center + " array " + i);
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
