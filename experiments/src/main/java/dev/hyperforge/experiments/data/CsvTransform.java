package dev.hyperforge.experiments.data;

import java.util.List;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-split part of the {@code csv} loader's {@code features}: from the training rows it learns each numeric
 * column's mean (to fill missing cells) and standard deviation (to normalise), and which categories of each
 * one-hot block occur; it then fills, normalises, and moves categories the training rows never showed into the
 * block's out-of-vocabulary slot (slot 0), for training and validation rows alike.
 *
 * <pre>{@code
 * RowTransform t = new CsvTransform(blocks, true);
 * UnaryOperator<INDArray> f = t.fit(trainFeatures);
 * INDArray val = f.apply(valFeatures);
 * }</pre>
 */
final class CsvTransform implements RowTransform {
    /**
     * A file column's place in {@code features}.
     *
     * @param column the file column
     * @param start the first features column
     * @param width 1 for a number, 1 + categories for a one-hot block
     * @param categorical whether it is a one-hot block
     */
    record Block(int column, int start, int width, boolean categorical) {
    }

    private final List<Block> blocks;
    private final boolean normalize;

    CsvTransform(List<Block> blocks, boolean normalize) {
        this.blocks = List.copyOf(blocks);
        this.normalize = normalize;
    }

    /** Ids unseen in the training rows become 0 (out of vocabulary), for an {@code int}-encoded categorical input. */
    static RowTransform oovIds() {
        return train -> {
            java.util.Set<Float> seen = new java.util.HashSet<>();
            for (float f : train.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat()) {
                seen.add(f);
            }
            return a -> {
                float[] v = a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
                for (int i = 0; i < v.length; i++) {
                    v[i] = seen.contains(v[i]) ? v[i] : 0f;
                }
                return Nd4j.create(v, a.shape(), 'c').castTo(a.dataType());
            };
        };
    }

    @Override
    public UnaryOperator<INDArray> fit(INDArray train) {
        int width = (int) train.size(1);
        float[] v = train.dup('c').data().asFloat();
        int n = v.length / width;
        double[] mean = new double[width];
        double[] std = new double[width];
        boolean[] seen = new boolean[width];
        for (Block b : blocks) {
            if (b.categorical()) {
                for (int r = 0; r < n; r++) {
                    for (int k = 1; k < b.width(); k++) {
                        seen[b.start() + k] |= v[r * width + b.start() + k] != 0f;
                    }
                }
            } else {
                statistics(v, n, width, b.start(), mean, std);
            }
        }
        return a -> apply(a, mean, std, seen);
    }

    /** Mean over the present cells, and the standard deviation once missing cells take the mean (1 when it is 0). */
    private static void statistics(float[] v, int n, int width, int c, double[] mean, double[] std) {
        double sum = 0;
        int count = 0;
        for (int r = 0; r < n; r++) {
            float f = v[r * width + c];
            if (!Float.isNaN(f)) {
                sum += f;
                count++;
            }
        }
        double m = count == 0 ? 0 : sum / count;
        double ss = 0;
        for (int r = 0; r < n; r++) {
            float f = v[r * width + c];
            double d = Float.isNaN(f) ? 0 : f - m;
            ss += d * d;
        }
        mean[c] = m;
        double s = Math.sqrt(ss / Math.max(1, n));
        std[c] = s == 0 ? 1 : s;
    }

    private INDArray apply(INDArray a, double[] mean, double[] std, boolean[] seen) {
        int width = (int) a.size(1);
        float[] v = a.dup('c').data().asFloat();
        int n = v.length / width;
        for (Block b : blocks) {
            int c = b.start();
            for (int r = 0; r < n; r++) {
                int o = r * width + c;
                if (!b.categorical()) {
                    double f = Float.isNaN(v[o]) ? mean[c] : v[o];
                    v[o] = (float) (normalize ? (f - mean[c]) / std[c] : f);
                    continue;
                }
                for (int k = 1; k < b.width(); k++) {
                    if (v[o + k] != 0f && !seen[c + k]) {
                        v[o + k] = 0f;
                        v[o] = 1f;
                    }
                }
            }
        }
        return Nd4j.create(v, new long[] {n, width}, 'c');
    }
}
