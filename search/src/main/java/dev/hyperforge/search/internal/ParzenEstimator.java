package dev.hyperforge.search.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-dimensional Parzen estimator on the unit interval, as in Optuna's TPE (3.x, univariate, defaults
 * {@code consider_prior}, {@code prior_weight = 1}, {@code consider_magic_clip}, no {@code consider_endpoints}):
 * a mixture of normals truncated to [0, 1], one per observation plus a prior kernel N(0.5, 1), with the given
 * weights (the prior's last). A kernel's deviation is the larger distance to its neighbours among the sorted
 * centres (prior included, 0 and 1 as end points; the outermost observations use their inner neighbour), clipped to
 * {@code [1 / min(100, 1 + kernels), 1]}. With a {@code step > 0} the interval is a grid of cells of that width and a
 * point's likelihood is the mass of its cell (Optuna's treatment of int and stepped parameters, whose bounds it
 * extends by half a step, which is how the unit encoding places grid values at cell centres).
 * Categorical parameters use {@link #categorical} instead.
 */
public final class ParzenEstimator {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double[] mus;
    private final double[] sigmas;
    private final double[] logWeights;
    private final double[] cumulative;
    private final double[] logAccept;
    private final double step;
    private final boolean unscaled;

    /**
     * @param observations values in [0, 1]
     * @param weights one non-negative weight per observation (Optuna's {@code default_weights})
     * @param priorWeight weight of the prior kernel, {@code > 0}
     * @param step grid cell width in unit coordinates, or 0 for a continuous parameter
     * @param unscaled leave out each continuous kernel's {@code 1 / sigma}, as Optuna 3.1 to 3.4 did
     *     (optuna/optuna#5109), for like-for-like comparisons with those versions
     */
    public ParzenEstimator(double[] observations, double[] weights, double priorWeight, double step,
                           boolean unscaled) {
        int n = observations.length;
        this.step = step;
        this.unscaled = unscaled;
        this.mus = Arrays.copyOf(observations, n + 1);
        mus[n] = 0.5;
        this.sigmas = bandwidths(mus, step);
        sigmas[n] = 1.0;
        double[] w = Arrays.copyOf(weights, n + 1);
        w[n] = priorWeight;
        double total = Arrays.stream(w).sum();
        this.logWeights = new double[n + 1];
        this.cumulative = new double[n + 1];
        this.logAccept = new double[n + 1];
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            logWeights[k] = Math.log(w[k] / total);
            sum += w[k] / total;
            cumulative[k] = sum;
            logAccept[k] = logMass((0 - mus[k]) / sigmas[k], (1 - mus[k]) / sigmas[k]);
        }
    }

    /** Optuna's univariate bandwidths of sorted-neighbour distances with the magic clip; the prior's is set after. */
    private static double[] bandwidths(double[] mus, double step) {
        int m = mus.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mus[a], mus[b]));
        double[] sorted = new double[m + 2];
        sorted[0] = 0;
        sorted[m + 1] = 1;
        for (int i = 0; i < m; i++) {
            sorted[i + 1] = mus[order[i]];
        }
        double[] sigmas = new double[m];
        double range = 1.0;
        double min = range / Math.min(100.0, 1.0 + m);
        for (int i = 0; i < m; i++) {
            double s = Math.max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
            if (m >= 2 && i == 0) {
                s = sorted[2] - sorted[1];
            } else if (m >= 2 && i == m - 1) {
                s = sorted[m] - sorted[m - 1];
            }
            sigmas[order[i]] = Math.min(range, Math.max(min, s));
        }
        return sigmas;
    }

    /**
     * Draws points from the mixture (a kernel by weight, then its truncated normal by rejection), snapped to cell
     * centres when stepped.
     *
     * @param rng random source
     * @param size how many
     * @return points in [0, 1]
     */
    public double[] sample(SplittableRandom rng, int size) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            int k = kernel(rng.nextDouble());
            double x;
            do {
                x = mus[k] + sigmas[k] * rng.nextGaussian();
            } while (x < 0 || x > 1);
            out[i] = step > 0 ? snap(x) : x;
        }
        return out;
    }

    private int kernel(double u) {
        for (int k = 0; k < cumulative.length - 1; k++) {
            if (u < cumulative[k]) {
                return k;
            }
        }
        return cumulative.length - 1;
    }

    private double snap(double x) {
        int cells = (int) Math.round(1.0 / step);
        int cell = Math.min(cells - 1, (int) Math.floor(x * cells));
        return (cell + 0.5) / cells;
    }

    /**
     * @param x a point of [0, 1] (a cell centre when stepped)
     * @return log of the mixture's density there (of its cell's mass when stepped)
     */
    public double logPdf(double x) {
        double[] terms = new double[mus.length];
        for (int k = 0; k < mus.length; k++) {
            double component;
            if (step > 0) {
                double lo = Math.max(0, x - step / 2);
                double hi = Math.min(1, x + step / 2);
                component = logMass((lo - mus[k]) / sigmas[k], (hi - mus[k]) / sigmas[k]) - logAccept[k];
            } else {
                double z = (x - mus[k]) / sigmas[k];
                component = -0.5 * z * z - LOG_SQRT_2PI - (unscaled ? 0 : Math.log(sigmas[k])) - logAccept[k];
            }
            terms[k] = logWeights[k] + component;
        }
        return logSumExp(terms);
    }

    /** log(Phi(b) - Phi(a)) for a &lt;= b, accurate when both are far in one tail. */
    static double logMass(double a, double b) {
        if (a >= 0) {
            return logMass(-b, -a);
        }
        if (b <= 0) {
            double la = Normal.logCdf(a);
            double lb = Normal.logCdf(b);
            return lb + Math.log1p(-Math.exp(la - lb));
        }
        return Math.log(Normal.cdf(b) - Normal.cdf(a));
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    /**
     * Optuna's categorical Parzen estimator: kernel k puts {@code 1 + priorWeight / (n + 1)} on its observed choice
     * and {@code priorWeight / (n + 1)} on every choice (normalised), the prior kernel is uniform, and the mixture
     * uses the given weights (the prior's last).
     *
     * @param observed chosen indices
     * @param weights one weight per observation
     * @param priorWeight weight of the prior kernel
     * @param choices number of choices
     * @return the probability of each choice under the mixture
     */
    public static double[] categorical(int[] observed, double[] weights, double priorWeight, int choices) {
        int n = observed.length;
        double total = priorWeight;
        for (double w : weights) {
            total += w;
        }
        double smooth = priorWeight / (n + 1);
        double[] p = new double[choices];
        Arrays.fill(p, priorWeight / total / choices);
        for (int k = 0; k < n; k++) {
            double row = 1 + smooth * choices;
            for (int c = 0; c < choices; c++) {
                p[c] += weights[k] / total * (smooth + (c == observed[k] ? 1 : 0)) / row;
            }
        }
        return p;
    }
}
