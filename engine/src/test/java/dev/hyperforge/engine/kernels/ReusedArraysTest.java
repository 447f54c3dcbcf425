package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.LayerContext;

/** A call site keeps one array per shape, up to four, so alternating batch sizes allocate nothing new. */
class ReusedArraysTest {
    private static LayerContext ctx(Map<String, Object> store) {
        LayerContext c = new LayerContext(true, new SplittableRandom(0));
        c.reuseBuffers(store);
        return c;
    }

    @Test
    void alternatingShapesGetTheirOwnArraysBack() {
        Map<String, Object> store = new HashMap<>();
        INDArray full = ctx(store).reusable("out", DataType.FLOAT, 64, 10);
        INDArray last = ctx(store).reusable("out", DataType.FLOAT, 32, 10);
        INDArray eval = ctx(store).reusable("out", DataType.FLOAT, 256, 10);
        assertArrayEquals(new long[] {32, 10}, last.shape());
        for (int epoch = 0; epoch < 3; epoch++) {
            assertSame(full, ctx(store).reusable("out", DataType.FLOAT, 64, 10), "full batch, epoch " + epoch);
            assertSame(last, ctx(store).reusable("out", DataType.FLOAT, 32, 10), "last batch, epoch " + epoch);
            assertSame(eval, ctx(store).reusable("out", DataType.FLOAT, 256, 10), "evaluation batch, epoch " + epoch);
        }
        assertNotSame(full, ctx(store).reusable("out", DataType.DOUBLE, 64, 10), "another type is another array");
        assertNotSame(full, ctx(store).reusable("other", DataType.FLOAT, 64, 10), "another key is another array");
    }

    @Test
    void theLeastRecentlyUsedShapeGoesFirst() {
        Map<String, Object> store = new HashMap<>();
        INDArray[] a = new INDArray[ReusedArrays.SHAPES + 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = ctx(store).reusable("out", DataType.FLOAT, i + 1, 3);
        }
        assertEquals(ReusedArrays.SHAPES, ((ReusedArrays) store.get("out")).arrays().size());
        assertNotSame(a[0], ctx(store).reusable("out", DataType.FLOAT, 1, 3), "the first shape was dropped");
        assertSame(a[a.length - 1], ctx(store).reusable("out", DataType.FLOAT, a.length, 3), "the newest is kept");
    }

    @Test
    void withoutAStoreEveryCallAllocates() {
        LayerContext c = new LayerContext(false, null);
        assertNotSame(c.reusable("out", DataType.FLOAT, 2, 2), c.reusable("out", DataType.FLOAT, 2, 2));
    }
}
