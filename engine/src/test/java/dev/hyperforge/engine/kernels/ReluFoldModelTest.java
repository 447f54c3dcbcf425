package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * Folding relu's gradient into max pooling ({@link ReluLinks}) trains to the same bits as applying it in
 * the convolution: S6's and S2's layer orders in small sizes, and a relu output that feeds a pool and
 * another layer, whose gradients the executor adds.
 */
class ReluFoldModelTest {
    @AfterEach
    void restore() {
        ReluLinks.setEnabled(true);
    }

    private static INDArray uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static INDArray oneHot(long seed, int rows, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, r.nextInt(classes), 1f);
        }
        return y;
    }

    /** Trains a fresh model four steps; returns the losses' bits, then the weights' bits. */
    private static List<int[]> train(Supplier<Model> build, INDArray x, INDArray y, boolean fold) {
        ReluLinks.setEnabled(fold);
        Model m = build.get();
        List<int[]> bits = new ArrayList<>();
        int[] losses = new int[4];
        for (int step = 0; step < 4; step++) {
            losses[step] = Float.floatToRawIntBits((float) (double) m.trainOnBatch(x, y).get("loss"));
        }
        bits.add(losses);
        for (INDArray w : m.getWeights()) {
            float[] v = w.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).data().asFloat();
            int[] b = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                b[i] = Float.floatToRawIntBits(v[i]);
            }
            bits.add(b);
        }
        return bits;
    }

    private static void assertSameTraining(String what, Supplier<Model> build, INDArray x, INDArray y, boolean expectFolds) {
        Backend.init();
        List<int[]> plain = train(build, x, y, false);
        long before = ReluLinks.taken;
        List<int[]> folded = train(build, x, y, true);
        assertEquals(plain.size(), folded.size(), what);
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), folded.get(i), what + (i == 0 ? ": losses" : ": weights " + (i - 1)));
        }
        if (expectFolds) {
            assertTrue(ReluLinks.taken > before, what + ": no folded gradient was used");
        }
    }

    @Test
    void imageModelTrainsToTheSameBits() {
        assertSameTraining("S6 order", () -> {
            Tensor img = Input.of("image", 12, 12, 1);
            Tensor h = new MaxPooling2D(2).call(new Conv2D(8, 3, "same", "relu").call(img));
            h = new MaxPooling2D(2).call(new Conv2D(8, 3, "same", "relu").call(h));
            Model m = new Model("cnn", List.of(img), List.of(new Dense(5, "softmax").call(new Flatten().call(h))), 3L);
            return m.compile(new RMSprop(1e-2), "categorical_crossentropy");
        }, uniform(1, 16, 12, 12, 1), oneHot(2, 16, 5), true);
    }

    @Test
    void sequenceModelTrainsToTheSameBits() {
        SplittableRandom r = new SplittableRandom(4);
        float[][] ids = new float[8][40];
        for (float[] row : ids) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextInt(50);
            }
        }
        assertSameTraining("S2 order", () -> {
            Tensor posts = Input.ints("posts", 40);
            Tensor h = new Conv1D(8, 3, "relu").call(new Embedding(50, 8).call(posts));
            h = new Conv1D(8, 3, "relu").call(new MaxPooling1D(3).call(h));
            h = new GlobalMaxPooling1D().call(new Conv1D(8, 3, "relu").call(h));
            Model m = new Model("text", List.of(posts), List.of(new Dense(1).call(new Dense(8, "relu").call(h))), 5L);
            return m.compile(new RMSprop(1e-2), "mse");
        }, Nd4j.createFromArray(ids), uniform(6, 8, 1), true);
    }

    @Test
    void reluOutputWithTwoConsumersTrainsToTheSameBits() {
        assertSameTraining("fan-out", () -> {
            Tensor img = Input.of("image", 8, 8, 1);
            Tensor a = new Conv2D(4, 3, "same", "relu").call(img);
            Tensor pooled = new Flatten().call(new MaxPooling2D(2).call(a));
            Tensor both = new Concatenate().call(pooled, new Flatten().call(a));
            Model m = new Model("fan", List.of(img), List.of(new Dense(3, "softmax").call(both)), 7L);
            return m.compile(new RMSprop(1e-2), "categorical_crossentropy");
        }, uniform(8, 16, 8, 8, 1), oneHot(9, 16, 3), false);
    }
}
