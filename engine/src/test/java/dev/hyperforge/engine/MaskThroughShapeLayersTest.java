package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.activations.ActivationLayer;
import dev.hyperforge.engine.layers.activations.LeakyReLU;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.merging.Dot;
import dev.hyperforge.engine.layers.merging.Maximum;
import dev.hyperforge.engine.layers.merging.Multiply;
import dev.hyperforge.engine.layers.pooling.AveragePooling1D;
import dev.hyperforge.engine.layers.reshaping.Reshape;

/**
 * Masks and the pooling, shape and merge layers, as in Keras: the element-wise layers pass the mask on,
 * the element-wise merges AND their inputs' masks, and layers that change the steps axis drop it.
 */
class MaskThroughShapeLayersTest {
    private static final INDArray IDS_A = Nd4j.createFromArray(new int[][] {{5, 2, 0, 0}, {1, 0, 3, 0}});
    private static final INDArray IDS_B = Nd4j.createFromArray(new int[][] {{5, 0, 4, 0}, {1, 2, 3, 4}});

    @Test
    void activationLayersPassTheMask() {
        Tensor ids = Input.ints("ids", 4);
        MaskFlowTest.Probe probe = new MaskFlowTest.Probe(true);
        Tensor h = probe.call(new LeakyReLU().call(new ActivationLayer("gelu").call(new Embedding(10, 2, true).call(ids))));
        Model m = new Model(ids, new Dense(1).call(new Flatten().call(h)));
        m.predict(IDS_A);
        assertEquals(Nd4j.create(new float[][] {{1, 1, 0, 0}, {1, 0, 1, 0}}), probe.seen.get(0));
    }

    @Test
    void elementwiseMergesAndTheirInputsMasks() {
        Tensor a = Input.ints("a", 4);
        Tensor b = Input.ints("b", 4);
        Tensor c = Input.of("c", 4, 2);
        Tensor ea = new Embedding(10, 2, true).call(a);
        Tensor eb = new Embedding(10, 2, true).call(b);
        MaskFlowTest.Probe both = new MaskFlowTest.Probe(true);
        MaskFlowTest.Probe one = new MaskFlowTest.Probe(true);
        Tensor x = both.call(new Multiply().call(ea, eb));
        Tensor y = one.call(new Maximum().call(ea, c));
        Tensor out = new Dense(1).call(new Flatten().call(new Multiply().call(x, y)));
        Model m = new Model(java.util.List.of(a, b, c), java.util.List.of(out));
        m.predict(java.util.List.of(IDS_A, IDS_B, Nd4j.ones(2, 4, 2)));
        assertEquals(Nd4j.create(new float[][] {{1, 0, 0, 0}, {1, 0, 1, 0}}), both.seen.get(0), "a AND b");
        assertEquals(Nd4j.create(new float[][] {{1, 1, 0, 0}, {1, 0, 1, 0}}), one.seen.get(0), "an unmasked input does not restrict");
    }

    @Test
    void layersThatChangeTheStepsDropTheMask() {
        Tensor ids = Input.ints("ids", 4);
        Tensor e = new Embedding(10, 2, true).call(ids);
        MaskFlowTest.Probe afterPool = new MaskFlowTest.Probe(true);
        MaskFlowTest.Probe afterReshape = new MaskFlowTest.Probe(true);
        MaskFlowTest.Probe afterDot = new MaskFlowTest.Probe(true);
        Tensor p = afterPool.call(new AveragePooling1D(2).call(e));
        Tensor r = afterReshape.call(new Reshape(2, 4).call(e));
        Tensor d = afterDot.call(new Dot(new int[] {2, 2}, false).call(e, e));
        Tensor out = new Dense(1).call(new Concatenate().call(new Flatten().call(p), new Flatten().call(r), new Flatten().call(d)));
        Model m = new Model(ids, out);
        m.predict(IDS_A);
        assertNull(afterPool.seen.get(0));
        assertNull(afterReshape.seen.get(0));
        assertNull(afterDot.seen.get(0));
    }
}
