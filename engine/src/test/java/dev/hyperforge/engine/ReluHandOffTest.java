package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.optimizers.RMSprop;

/**
 * A relu {@code Conv2D} that leaves its relu to the max pooling after it ({@link ReluHandOff}) trains and predicts to
 * the same bits as one that applies it: S6's layer order in small sizes (inputs in [-1, 1], so many windows hold only
 * negative values), "same" pooling over odd sizes (windows at the edge), overlapping windows and a convolution
 * whose output feeds two layers or is a model output (no hand-off there), each with the hand-off on and off.
 */
class ReluHandOffTest {
    @AfterEach
    void restore() {
        ReluHandOff.setEnabled(true);
    }

    private static INDArray uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % 7 == 0 ? 0f : (float) (r.nextDouble() * 2 - 1);
        }
        return Nd4j.create(v, shape, 'c');
    }

    private static INDArray ids(long seed, int rows, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            v[i] = r.nextInt(classes);
        }
        return Nd4j.create(v, new long[] {rows, 1}, 'c');
    }

    private static int[] bits(INDArray a) {
        float[] v = a.castTo(DataType.FLOAT).data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    /** Trains a fresh model four steps; the losses' bits, the predictions' bits, then the weights' bits. */
    private static List<int[]> train(Supplier<Model> build, INDArray x, Object y, boolean handOff) {
        ReluHandOff.setEnabled(handOff);
        Model m = build.get();
        List<int[]> out = new ArrayList<>();
        long[] losses = new long[4];
        for (int step = 0; step < 4; step++) {
            losses[step] = Double.doubleToRawLongBits(m.trainOnBatch(x, y).get("loss"));
        }
        int[] lb = new int[8];
        for (int i = 0; i < 4; i++) {
            lb[2 * i] = (int) (losses[i] >>> 32);
            lb[2 * i + 1] = (int) losses[i];
        }
        out.add(lb);
        for (INDArray p : m.predict(x, 16).values()) {
            out.add(bits(p));
        }
        for (INDArray w : m.getWeights()) {
            out.add(bits(w));
        }
        return out;
    }

    private static void assertSame(String what, Supplier<Model> build, INDArray x, Object y, int handOffsPerStep) {
        Backend.init();
        List<int[]> plain = train(build, x, y, false);
        long before = ReluHandOff.handedOff;
        List<int[]> handed = train(build, x, y, true);
        assertEquals(plain.size(), handed.size(), what);
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), handed.get(i), what + (i == 0 ? ": losses" : ": array " + i));
        }
        assertEquals(before + (long) handOffsPerStep * (4 + 1), ReluHandOff.handedOff, what + ": calls that left their relu (4 steps, 1 prediction)");
    }

    @Test
    void imageModelTrainsAndPredictsToTheSameBits() {
        assertSame("S6 order", () -> {
            Tensor img = Input.of("image", 12, 12, 1);
            Tensor h = new MaxPooling2D(2).call(new Conv2D(8, 3, "same", "relu").call(img));
            h = new MaxPooling2D(2).call(new Conv2D(8, 3, "same", "relu").call(h));
            h = new Dropout(0.3).call(new Dense(16, "relu").call(new Flatten().call(h)));
            Model m = new Model("cnn", List.of(img), List.of(new Dense(5, "softmax").call(h)), 3L);
            return m.compile(new RMSprop(1e-2), "sparse_categorical_crossentropy");
        }, uniform(1, 16, 12, 12, 1), ids(2, 16, 5), 2);
    }

    @Test
    void samePaddingOverOddSizesTrainsToTheSameBits() {
        assertSame("same pooling, odd sizes", () -> {
            Tensor img = Input.of("image", 7, 9, 2);
            Tensor h = new MaxPooling2D(new int[] {2, 2}, null, "same").call(new Conv2D(6, 3, "valid", "relu").call(img));
            h = new MaxPooling2D(new int[] {3, 3}, null, "same").call(new Conv2D(4, 2, "same", "relu").call(h));
            Model m = new Model("odd", List.of(img), List.of(new Dense(3, "softmax").call(new Flatten().call(h))), 5L);
            return m.compile(new RMSprop(1e-2), "sparse_categorical_crossentropy");
        }, uniform(3, 16, 7, 9, 2), ids(4, 16, 3), 2);
    }

    @Test
    void noHandOffWhereTheOutputIsReadElsewhereOrWindowsOverlap() {
        assertSame("fan-out, model output, overlapping windows", () -> {
            Tensor img = Input.of("image", 8, 8, 1);
            Tensor a = new Conv2D(4, 3, "same", "relu").call(img);
            Tensor pooled = new Flatten().call(new MaxPooling2D(2).call(a));
            Tensor both = new Concatenate().call(pooled, new Flatten().call(a));
            Tensor b = new Conv2D(3, 3, "same", "relu").call(img);
            Tensor over = new Flatten().call(new MaxPooling2D(new int[] {3, 3}, new int[] {1, 1}, "valid").call(new Conv2D(2, 3, "same", "relu").call(img)));
            Tensor out = new Dense(3, "softmax").call(new Concatenate().call(both, over));
            Model m = new Model("fan", List.of(img), List.of(out, new Flatten().call(new MaxPooling2D(2).call(b)), b), 7L);
            return m.compile(new RMSprop(1e-2), List.of("sparse_categorical_crossentropy", "mse", "mse"));
        }, uniform(8, 16, 8, 8, 1), List.of(ids(9, 16, 3), uniform(10, 16, 48), uniform(11, 16, 8, 8, 3)), 0);
    }
}
