package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.ParamInit;

/** The float Embedding's row copy equals libnd4j's gather, on one thread and on two. */
class EmbeddingFastPathTest {
    @Test
    void floatLookupEqualsTheGatherOp() {
        Embedding e = new Embedding(1000, 24);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(2), DataType.FLOAT));
        INDArray ids = LayerChecks.randomIds(3, 1000, 37, 50);
        INDArray expected = Nd4j.exec(new Gather(e.params().get(0).value(), ids.castTo(DataType.INT).reshape(37 * 50), 0))[0]
                .reshape(37, 50, 24);
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            try {
                INDArray out = e.forward(List.of(ids), new LayerContext(false, new SplittableRandom(0)));
                assertEquals(expected, out, "lookup on " + threads + " thread(s)");
            } finally {
                Parallel.setThreads(0);
            }
        }
    }
}
