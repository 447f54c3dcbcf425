package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.optimizers.RMSprop;

/** The S6 Fashion-MNIST CNN (without its Dropout): Keras's shapes and parameter counts, and it trains. */
class FashionCnnShapesTest {
    private static Model fashionCnn() {
        Tensor image = Input.of("image", 28, 28, 1);
        Tensor h = new Conv2D(32, 3, "same", "relu").named("conv2d").call(image);
        h = new MaxPooling2D(2).named("max_pooling2d").call(h);
        h = new Conv2D(64, 3, "same", "relu").named("conv2d_1").call(h);
        h = new MaxPooling2D(2).named("max_pooling2d_1").call(h);
        h = new Flatten().named("flatten").call(h);
        h = new Dense(100, "relu").named("dense").call(h);
        Tensor out = new Dense(10, "softmax").named("dense_1").call(h);
        return new Model("fashion_cnn", List.of(image), List.of(out), 42L);
    }

    @Test
    void summaryMatchesKeras() {
        Model m = fashionCnn();
        String summary = m.summary();
        // name, Keras output shape, Keras parameter count
        Object[][] expected = {
            {"conv2d (Conv2D)", "(None, 28, 28, 32)", 320L},
            {"max_pooling2d (MaxPooling2D)", "(None, 14, 14, 32)", 0L},
            {"conv2d_1 (Conv2D)", "(None, 14, 14, 64)", 18496L},
            {"max_pooling2d_1 (MaxPooling2D)", "(None, 7, 7, 64)", 0L},
            {"flatten (Flatten)", "(None, 3136)", 0L},
            {"dense (Dense)", "(None, 100)", 313700L},
            {"dense_1 (Dense)", "(None, 10)", 1010L},
        };
        for (Object[] row : expected) {
            String label = (String) row[0];
            String line = summary.lines().filter(l -> l.startsWith(" " + label + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no summary row for " + label + " in\n" + summary));
            String rest = line.substring(line.indexOf(label) + label.length()).trim();
            assertTrue(rest.startsWith((String) row[1]), label + ": " + line);
            String params = rest.substring(((String) row[1]).length()).trim().split("\\s+")[0];
            assertEquals(String.valueOf(row[2]), params, label + " parameter count in summary: " + line);
            Layer layer = m.getLayer(label.substring(0, label.indexOf(' ')));
            assertEquals((long) row[2], layer.paramCount(), label + " paramCount()");
        }
        assertEquals(320 + 18496 + 313700 + 1010, m.countParams());
        assertTrue(summary.contains("Total params: 333,526"), summary);
    }

    @Test
    void trainsTwoEpochsWithRmspropWithoutNaN() {
        Model m = fashionCnn();
        m.compile(new RMSprop(1e-3), "categorical_crossentropy", "accuracy");
        SplittableRandom r = new SplittableRandom(7);
        int n = 256;
        double[] pixels = new double[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextDouble();
        }
        INDArray x = Nd4j.create(pixels, new long[] {n, 28, 28, 1}, DataType.DOUBLE).castTo(DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(10), 1.0);
        }
        History h = m.fit(x, y, FitOptions.builder().epochs(2).batchSize(64).seed(3).build());
        assertEquals(2, h.get("loss").size());
        for (double loss : h.get("loss")) {
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + h.get("loss"));
        }
        for (INDArray w : m.getWeights()) {
            assertFalse(w.isNaN().any() || w.isInfinite().any(), "weights must stay finite");
        }
        INDArray p = m.predict(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4))).get("dense_1");
        assertEquals(Shape.of(4, 10), Shape.ofArray(p.shape()));
        assertEquals(4.0, p.sumNumber().doubleValue(), 1e-4);
    }
}
