package dev.hyperforge.search.internal;

/**
 * The covariance functions of {@link GaussianProcess}, on features in the unit cube with inverse squared
 * length-scales {@code invLengthSq} and a signal variance.
 *
 * <pre>{@code
 * double k = Kernels.additive(new double[] {0.1, 0.2}, new double[] {0.4, 0.2}, new double[] {11.1, 11.1}, 1.0);
 * }</pre>
 */
final class Kernels {

    private static final double SQRT5 = Math.sqrt(5);

    private Kernels() {
    }

    /** Matérn-5/2 with automatic relevance determination: one length-scale per feature, one distance. */
    static double matern(double[] a, double[] b, double[] invLengthSq, double signal) {
        double r2 = 0;
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            r2 += diff * diff * invLengthSq[k];
        }
        double r = Math.sqrt(r2);
        return signal * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
    }

    /**
     * The first-order additive kernel (Duvenaud et al. 2011; Kandasamy et al. 2015): the mean over the d features
     * of one-dimensional Matérn-5/2 kernels, {@code signal / d * sum_m m52(|a_m - b_m| / l_m)}. The function it
     * models is a sum of one-dimensional functions, so every observation informs each coordinate's function and
     * the posterior stays confident in many dimensions, where an ARD kernel would need far more data.
     */
    static double additive(double[] a, double[] b, double[] invLengthSq, double signal) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double diff = a[k] - b[k];
            double r = Math.sqrt(diff * diff * invLengthSq[k]);
            sum += (1 + SQRT5 * r + 5.0 / 3.0 * r * r) * Math.exp(-SQRT5 * r);
        }
        return signal * sum / a.length;
    }

    /**
     * @param x n inputs
     * @param theta log length-scales, log signal variance, log noise variance
     * @param additive whether the kernel is {@link #additive} rather than {@link #matern}
     * @return the n x n covariance of the noisy observations (with {@link GaussianProcess#JITTER})
     */
    static double[][] covariance(double[][] x, double[] theta, boolean additive) {
        int n = x.length;
        int d = x[0].length;
        double[] inv = new double[d];
        for (int k = 0; k < d; k++) {
            inv[k] = Math.exp(-2 * theta[k]);
        }
        double signal = Math.exp(theta[d]);
        double noise = Math.exp(theta[d + 1]);
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = signal + noise + GaussianProcess.JITTER;
            for (int j = 0; j < i; j++) {
                double v = additive ? additive(x[i], x[j], inv, signal) : matern(x[i], x[j], inv, signal);
                k[i][j] = v;
                k[j][i] = v;
            }
        }
        return k;
    }
}
