package dev.hyperforge.engine.bench;

import java.util.List;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.ParamInit;

/** Seeded inputs and layer set-up shared by the micro-benchmarks. */
final class BenchData {
    private BenchData() {
    }

    /** Uniform floats in [-1, 1). */
    static INDArray uniform(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Integer ids in [0, vocab) as an int array. */
    static INDArray ids(long seed, int vocab, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] v = new int[rows][cols];
        for (int[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextInt(vocab);
            }
        }
        return Nd4j.createFromArray(v);
    }

    /** Builds a layer in float for inputs of the given shape (batch dimension unknown). */
    static <L extends Layer> L built(L layer, long... inputShape) {
        return builtFor(layer, 1, inputShape);
    }

    /** Builds a layer in float for {@code inputs} inputs of the same shape (self-attention: query and value). */
    static <L extends Layer> L builtFor(L layer, int inputs, long... inputShape) {
        int[] dims = new int[inputShape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i == 0 ? Shape.UNKNOWN : (int) inputShape[i];
        }
        List<Shape> shapes = java.util.Collections.nCopies(inputs, Shape.of(dims));
        layer.outputShape(shapes);
        layer.build(shapes, new ParamInit(new SplittableRandom(0), DataType.FLOAT));
        return layer;
    }

    /** A training-mode context. */
    static LayerContext training() {
        return new LayerContext(true, new SplittableRandom(0));
    }
}
