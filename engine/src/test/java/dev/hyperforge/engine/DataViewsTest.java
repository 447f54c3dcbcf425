package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * Batches of evaluation and prediction are row views of the caller's arrays where the rows are one
 * contiguous block, and copies otherwise; results must not depend on which, nor on whether an input is
 * a view with an offset, in another order, or a copy.
 */
class DataViewsTest {
    private static INDArray data(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    /** A first-layer Conv2D (its backward takes the kernel-only column path) and a dense head. */
    private static Model model() {
        Tensor x = Input.of("x", 6, 6, 2);
        Tensor h = new Flatten().call(Conv2D.fromConfig(Map.of("filters", 3, "kernel_size", 3, "padding", "same", "activation", "relu")).call(x));
        Model m = new Model("views", List.of(x), List.of(new Dense(2).named("y").call(h)), 5L);
        m.compile(new SGD(0.05), "mse");
        return m;
    }

    @Test
    void batchRowsAreViewsOfCOrderArraysAndCopiesOtherwise() {
        INDArray c = data(1, 10, 3);
        List<INDArray> rows = DataAdapter.range(List.of(c), 4, 8);
        assertEquals(c.data().address(), rows.get(0).data().address(), "a row block of a C-order array is a view");
        assertEquals(4 * 3, rows.get(0).offset(), "at the block's offset");
        assertEquals(c.get(NDArrayIndex.interval(4, 8)), rows.get(0));
        assertSame(c, DataAdapter.range(List.of(c), 0, 10).get(0), "all rows: the array itself");
        INDArray f = c.dup('f');
        INDArray fromF = DataAdapter.range(List.of(f), 4, 8).get(0);
        assertTrue(f.data().address() != fromF.data().address(), "rows of an F-order array are copied");
        assertEquals('c', fromF.ordering());
        assertEquals(c.get(NDArrayIndex.interval(4, 8)), fromF);
    }

    @Test
    void predictionsDoNotDependOnLayoutOrBatching() {
        Model m = model();
        INDArray x = data(2, 10, 6, 6, 2);
        INDArray whole = m.predict(x, 10).get("y");
        assertEquals(whole, m.predict(x.dup('f'), 10).get("y"), "F-order input");
        assertEquals(whole, m.predict(x, 3).get("y"), "batches of 3 (views with offsets)");
        INDArray big = data(3, 14, 6, 6, 2);
        big.get(NDArrayIndex.interval(2, 12)).assign(x);
        INDArray view = big.get(NDArrayIndex.interval(2, 12));
        assertEquals(whole, m.predict(view, 4).get("y"), "an input that is itself a view with an offset");
    }

    @Test
    void aTrainingStepOnAViewEqualsOneOnACopy() {
        INDArray big = data(4, 12, 6, 6, 2);
        INDArray view = big.get(NDArrayIndex.interval(3, 11));
        INDArray y = data(5, 8, 2);
        Model a = model();
        Model b = model();
        INDArray probe = data(6, 5, 6, 6, 2);
        INDArray before = a.predict(probe).get("y");
        Map<String, Double> la = a.trainOnBatch(view, y);
        Map<String, Double> lb = b.trainOnBatch(view.dup('c'), y);
        assertEquals(lb, la, "the step's losses");
        INDArray after = a.predict(probe).get("y");
        assertTrue(!before.equals(after), "the step changed the model");
        assertEquals(b.predict(probe).get("y"), after, "the same weights after one step");
    }
}
