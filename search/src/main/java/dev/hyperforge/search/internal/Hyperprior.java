package dev.hyperforge.search.internal;

import java.util.Arrays;

/**
 * Bounds and log-normal priors of the {@link GaussianProcess} hyperparameters
 * {@code theta = (log l_1..log l_d, log signal variance, log noise variance)}, the same for both kernels.
 *
 * <pre>{@code
 * double penalty = Hyperprior.prior(GaussianProcess.defaultTheta(3), null, 3); // 0: every entry at its median
 * }</pre>
 */
final class Hyperprior {

    private Hyperprior() {
    }

    /** @return the prior median of the log length-scales in d features */
    static double meanLogLength(int d) {
        // dimension-scaled like Hvarfner et al. (2024), but centred on short scales (0.1 * sqrt(d)): with small
        // budgets a short-scale prior keeps the posterior uncertain away from the data, so the search explores
        // enough to leave local optima (search/BENCHMARK.md: more Hartmann-6 seeds reach the global basin)
        return Math.log(0.1) + 0.5 * Math.log(d);
    }

    /** Lower bounds of the hyperparameters (log space). */
    static double[] lowerBounds(int d) {
        double[] lo = new double[d + 2];
        Arrays.fill(lo, 0, d, Math.log(0.01));
        lo[d] = Math.log(0.05);
        lo[d + 1] = Math.log(1e-6);
        return lo;
    }

    /** Upper bounds of the hyperparameters (log space). */
    static double[] upperBounds(int d) {
        double[] hi = new double[d + 2];
        Arrays.fill(hi, 0, d, Math.log(100.0));
        hi[d] = Math.log(20.0);
        hi[d + 1] = Math.log(0.5);
        return hi;
    }

    /** Adds the negative log priors to the gradient (unless null) and returns their value. */
    static double prior(double[] theta, double[] gradient, int d) {
        double value = 0;
        double mu = meanLogLength(d);
        double var = 1.0;
        for (int m = 0; m < d; m++) {
            double z = theta[m] - mu;
            value += 0.5 * z * z / var;
            if (gradient != null) {
                gradient[m] += z / var;
            }
        }
        double zs = theta[d];
        value += 0.5 * zs * zs;
        double zn = theta[d + 1] - Math.log(1e-4);
        value += 0.5 * zn * zn / 4.0;
        if (gradient != null) {
            gradient[d] += zs;
            gradient[d + 1] += zn / 4.0;
        }
        return value;
    }
}
