package dev.hyperforge.engine.metrics;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.losses.BinaryCrossentropy;
import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.losses.SparseCategoricalCrossentropy;

/** Metric factory: resolves names such as {@code accuracy} against the output's loss, as Keras does. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Looks up a metric. {@code accuracy} (or {@code acc}) becomes binary accuracy for binary
     * cross-entropy, sparse categorical accuracy for sparse targets, categorical accuracy otherwise.
     */
    public static Metric of(String name, Loss loss) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "accuracy", "acc" -> {
                if (loss instanceof BinaryCrossentropy) {
                    yield new BinaryAccuracy();
                }
                yield loss instanceof SparseCategoricalCrossentropy ? new SparseCategoricalAccuracy() : new CategoricalAccuracy();
            }
            case "binary_accuracy" -> new BinaryAccuracy();
            case "categorical_accuracy" -> new CategoricalAccuracy();
            case "sparse_categorical_accuracy" -> new SparseCategoricalAccuracy();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteErrorMetric();
            case "mse", "mean_squared_error" -> new MeanSquaredErrorMetric();
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; expected accuracy, binary_accuracy, "
                    + "categorical_accuracy, sparse_categorical_accuracy, mae or mse");
        };
    }

    /**
     * {@link CategoricalAccuracy}'s or {@link SparseCategoricalAccuracy}'s {@link Metric#sum} in Java, from the
     * predictions and one-hot (or soft) targets as row-major {@code rows x cols} arrays: the rows whose first
     * maximum (the op's {@code argMax}) is at the targets' first maximum. NaN (the caller then runs the op) for other
     * metrics, a single column, or a prediction row holding NaN.
     */
    public static double hostArgMaxHits(Metric m, double[] p, double[] y, int rows, int cols) {
        if (!(m instanceof CategoricalAccuracy || m instanceof SparseCategoricalAccuracy) || cols < 2) {
            return Double.NaN;
        }
        int hits = 0;
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            int a = 0;
            int b = 0;
            for (int j = 0; j < cols; j++) {
                if (Double.isNaN(p[o + j])) {
                    return Double.NaN;
                }
                if (p[o + j] > p[o + a]) {
                    a = j;
                }
                if (y[o + j] > y[o + b]) {
                    b = j;
                }
            }
            hits += a == b ? 1 : 0;
        }
        return hits;
    }

    private static INDArray flat(INDArray a) {
        long n = a.size(0);
        return a.reshape(n, a.length() / n);
    }

    /** Fraction of elements where (p > 0.5) equals the target. */
    public record BinaryAccuracy() implements Metric {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public double sum(INDArray p, INDArray y) {
            return perSample(p, y).sumNumber().doubleValue();
        }

        @Override
        public INDArray perSample(INDArray p, INDArray y) {
            INDArray pf = flat(p);
            INDArray hit = pf.gt(0.5).castTo(p.dataType()).eq(flat(y).castTo(p.dataType()).gt(0.5).castTo(p.dataType()));
            return hit.castTo(p.dataType()).mean(1);
        }

        @Override
        public double hostSum(double[] p, double[] y, int rows, int cols) {
            double hits = 0;
            for (int i = 0; i < rows * cols; i++) {
                hits += (p[i] > 0.5) == (y[i] > 0.5) ? 1 : 0;
            }
            return hits / cols;
        }
    }

    /** Fraction of samples whose arg-max matches the one-hot target's arg-max. */
    public record CategoricalAccuracy() implements Metric {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public double sum(INDArray p, INDArray y) {
            return perSample(p, y).sumNumber().doubleValue();
        }

        @Override
        public INDArray perSample(INDArray p, INDArray y) {
            INDArray a = p.argMax(1);
            INDArray b = y.reshape(p.shape()).argMax(1);
            return a.eq(b).castTo(p.dataType());
        }
    }

    /** Fraction of samples whose arg-max equals the integer target. */
    public record SparseCategoricalAccuracy() implements Metric {
        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public double sum(INDArray p, INDArray y) {
            return perSample(p, y).sumNumber().doubleValue();
        }

        @Override
        public INDArray perSample(INDArray p, INDArray y) {
            INDArray a = p.argMax(1).castTo(p.dataType());
            return a.eq(y.reshape(p.size(0)).castTo(p.dataType())).castTo(p.dataType());
        }
    }

    /** Mean absolute error per sample (mean over features). */
    public record MeanAbsoluteErrorMetric() implements Metric {
        @Override
        public String name() {
            return "mae";
        }

        @Override
        public double sum(INDArray p, INDArray y) {
            return perSample(p, y).sumNumber().doubleValue();
        }

        @Override
        public INDArray perSample(INDArray p, INDArray y) {
            return Transforms.abs(flat(p).sub(flat(y).castTo(p.dataType())), false).mean(1);
        }

        @Override
        public double hostSum(double[] p, double[] y, int rows, int cols) {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                sum += Math.abs(p[i] - y[i]);
            }
            return sum / cols;
        }
    }

    /** Mean squared error per sample (mean over features). */
    public record MeanSquaredErrorMetric() implements Metric {
        @Override
        public String name() {
            return "mse";
        }

        @Override
        public double sum(INDArray p, INDArray y) {
            return perSample(p, y).sumNumber().doubleValue();
        }

        @Override
        public INDArray perSample(INDArray p, INDArray y) {
            INDArray d = flat(p).sub(flat(y).castTo(p.dataType()));
            return d.muli(d).mean(1);
        }

        @Override
        public double hostSum(double[] p, double[] y, int rows, int cols) {
            double sum = 0;
            for (int i = 0; i < rows * cols; i++) {
                double d = p[i] - y[i];
                sum += d * d;
            }
            return sum / cols;
        }
    }
}
