package dev.hyperforge.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Weighted combination of member predictions and its validation metrics. Regression outputs combine as the
 * weighted mean of the predictions, classification outputs as the weighted mean of the probabilities.
 *
 * <pre>{@code
 * double[] w = EnsembleMath.normalize(new double[] {2, 1, 1});      // [0.5, 0.25, 0.25]
 * Evaluation e = EnsembleMath.evaluate(data, w);
 * double acc = e.outputs().get(0).accuracy();
 * }</pre>
 */
public final class EnsembleMath {
    /** Probabilities are clipped to [EPS, 1 - EPS] for the log-loss. */
    public static final double EPS = 1e-7;

    private EnsembleMath() {
    }

    /**
     * Scales weights to sum to one.
     *
     * @param weights non-negative finite weights with a positive sum
     * @return the normalised copy
     */
    public static double[] normalize(double[] weights) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("weights must name at least one member, received none");
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0, received "
                        + Arrays.toString(weights));
            }
            sum += w;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("weights must not all be zero, received " + Arrays.toString(weights));
        }
        double[] out = new double[weights.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights[i] / sum;
        }
        return out;
    }

    /**
     * Equal weights.
     *
     * @param n number of members
     * @return {@code n} weights of {@code 1/n}
     */
    public static double[] equal(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        return w;
    }

    /**
     * The weighted combination of one output.
     *
     * @param data predictions
     * @param output output index
     * @param weights normalised weights
     * @return combined predictions, row-major
     */
    public static double[] combine(EnsembleData data, int output, double[] weights) {
        checkSize(data, weights);
        OutputSpec spec = data.outputs().get(output);
        double[] out = new double[spec.rows() * spec.width()];
        for (int m = 0; m < data.size(); m++) {
            double w = weights[m];
            if (w == 0) {
                continue;
            }
            float[] p = data.predictions(m, output);
            for (int i = 0; i < out.length; i++) {
                out[i] += w * p[i];
            }
        }
        return out;
    }

    /**
     * Metrics of a weighted combination (weights are normalised first).
     *
     * @param data predictions
     * @param weights weights, one per member
     * @return the evaluation
     */
    public static Evaluation evaluate(EnsembleData data, double[] weights) {
        checkSize(data, weights);
        double[] w = normalize(weights);
        List<OutputMetrics> metrics = new ArrayList<>();
        for (int o = 0; o < data.outputs().size(); o++) {
            metrics.add(metrics(data.outputs().get(o), combine(data, o, w)));
        }
        return new Evaluation(w, metrics, data.scoring().score(metrics));
    }

    /**
     * Metrics of one output's combined predictions.
     *
     * @param spec the output
     * @param p predictions, {@code rows * width}
     * @return the metrics
     */
    public static OutputMetrics metrics(OutputSpec spec, double[] p) {
        return switch (spec.task()) {
            case REGRESSION -> new OutputMetrics(spec.name(), spec.task(), null, null, mse(spec.targets(), p),
                    mae(spec.targets(), p));
            case BINARY -> binary(spec, p);
            case MULTICLASS -> multiclass(spec, p);
        };
    }

    /**
     * The score of a set of output metrics by the automatic rule (see {@link Score}; {@link Scoring#AUTO}).
     *
     * @param metrics per-output metrics
     * @return the score
     */
    public static Score score(List<OutputMetrics> metrics) {
        boolean allClass = metrics.stream().allMatch(m -> m.task().isClassification());
        boolean allReg = metrics.stream().noneMatch(m -> m.task().isClassification());
        double n = metrics.size();
        if (allClass) {
            double acc = metrics.stream().mapToDouble(OutputMetrics::accuracy).sum() / n;
            double ll = metrics.stream().mapToDouble(OutputMetrics::logLoss).sum() / n;
            return new Score("accuracy", acc, true, ll);
        }
        if (allReg) {
            return new Score("mse", metrics.stream().mapToDouble(OutputMetrics::mse).sum() / n, false, 0);
        }
        return new Score("loss", metrics.stream().mapToDouble(OutputMetrics::loss).sum(), false, 0);
    }

    private static double mse(float[] t, double[] p) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            s += d * d;
        }
        return s / p.length;
    }

    private static double mae(float[] t, double[] p) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - t[i]);
        }
        return s / p.length;
    }

    private static OutputMetrics binary(OutputSpec spec, double[] p) {
        float[] t = spec.targets();
        long correct = 0;
        double ll = 0;
        for (int i = 0; i < p.length; i++) {
            boolean positive = t[i] == 1f;
            if ((p[i] >= 0.5) == positive) {
                correct++;
            }
            double q = clip(p[i]);
            ll -= positive ? Math.log(q) : Math.log(1 - q);
        }
        return new OutputMetrics(spec.name(), spec.task(), (double) correct / p.length, ll / p.length, null);
    }

    private static OutputMetrics multiclass(OutputSpec spec, double[] p) {
        int w = spec.width();
        long correct = 0;
        double ll = 0;
        for (int r = 0; r < spec.rows(); r++) {
            int label = spec.labels()[r];
            if (OutputSpec.argMax(p, r * w, w) == label) {
                correct++;
            }
            ll -= Math.log(clip(p[r * w + label]));
        }
        return new OutputMetrics(spec.name(), spec.task(), (double) correct / spec.rows(), ll / spec.rows(), null);
    }

    private static double clip(double q) {
        return Math.min(1 - EPS, Math.max(EPS, q));
    }

    private static void checkSize(EnsembleData data, double[] weights) {
        if (weights == null || weights.length != data.size()) {
            throw new IllegalArgumentException("expected one weight per member (" + data.size() + "), received "
                    + (weights == null ? "none" : weights.length));
        }
    }
}
