package dev.hyperforge.search.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A zero-mean Gaussian process with a Matérn-5/2 ARD kernel, or the first-order additive kernel of one-dimensional
 * Matérn-5/2 terms ({@link Kernels}), plus Gaussian noise, on inputs scaled to the unit cube and standardised
 * outputs. Immutable once built.
 *
 * <p>Hyperparameters {@code theta = (log l_1..log l_d, log signal variance, log noise variance)} are fitted by
 * maximising the log marginal likelihood plus log-normal priors (log length-scales centred on
 * {@code log(0.1 sqrt(d))} with deviation 1, signal variance on 1, noise on 1e-4), with
 * analytic gradients and L-BFGS from several starts.
 */
public final class GaussianProcess {

    static final double JITTER = 1e-9;

    private final double[][] x;
    private final double[] theta;
    private final double[] invLengthSq;
    private final double signal;
    private final double[][] chol;
    private final double[] alpha;
    private final double logLikelihood;
    private final boolean additive;

    private GaussianProcess(double[][] x, double[] y, double[] theta, double[][] chol, boolean additive) {
        this.x = x;
        this.additive = additive;
        this.theta = theta.clone();
        int d = x[0].length;
        this.invLengthSq = new double[d];
        for (int k = 0; k < d; k++) {
            invLengthSq[k] = Math.exp(-2 * theta[k]);
        }
        this.signal = Math.exp(theta[d]);
        this.chol = chol;
        this.alpha = Linalg.cholSolve(chol, y);
        double ll = -0.5 * Lbfgs.dot(y, alpha) - 0.5 * y.length * Math.log(2 * Math.PI);
        for (int i = 0; i < y.length; i++) {
            ll -= Math.log(chol[i][i]);
        }
        this.logLikelihood = ll;
    }

    /**
     * Conditions a GP with given hyperparameters on data.
     *
     * @param x n inputs of d features
     * @param y n outputs (standardised by the caller)
     * @param theta hyperparameters, {@code d + 2} entries
     * @return the posterior
     */
    public static GaussianProcess condition(double[][] x, double[] y, double[] theta) {
        return condition(x, y, theta, false);
    }

    /**
     * Conditions a GP with given hyperparameters on data, with the Matérn ARD kernel or the first-order additive
     * one ({@link Kernels#additive}).
     *
     * @param x n inputs of d features
     * @param y n outputs (standardised by the caller)
     * @param theta hyperparameters, {@code d + 2} entries
     * @param additive whether the kernel is the additive one
     * @return the posterior
     */
    public static GaussianProcess condition(double[][] x, double[] y, double[] theta, boolean additive) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("GaussianProcess needs n >= 1 inputs and as many outputs, received "
                    + x.length + " inputs and " + y.length + " outputs");
        }
        if (theta.length != x[0].length + 2) {
            throw new IllegalArgumentException("GaussianProcess needs d + 2 = " + (x[0].length + 2)
                    + " hyperparameters, received " + theta.length);
        }
        double[][] k = Kernels.covariance(x, theta, additive);
        double[][] l = null;
        double extra = 0;
        for (int attempt = 0; attempt < 10 && l == null; attempt++) {
            l = Linalg.cholesky(k);
            if (l == null) {
                extra = extra == 0 ? 1e-8 : extra * 10;
                for (int i = 0; i < k.length; i++) {
                    k[i][i] += extra;
                }
            }
        }
        if (l == null) {
            throw new IllegalStateException("GP covariance is not positive definite even with jitter");
        }
        return new GaussianProcess(x, y, theta, l, additive);
    }

    /**
     * @param xs inputs
     * @param ys standardised outputs
     * @return a posterior with this one's kernel and hyperparameters on other data (e.g. with believed points)
     */
    public GaussianProcess condition(double[][] xs, double[] ys) {
        return condition(xs, ys, theta, additive);
    }

    /** @return whether the kernel is the first-order additive one ({@link Kernels#additive}) */
    public boolean additive() {
        return additive;
    }

    /** @return the hyperparameters */
    public double[] theta() {
        return theta.clone();
    }

    /** @return the log marginal likelihood of the data (without priors) */
    public double logMarginalLikelihood() {
        return logLikelihood;
    }

    /**
     * @param d feature dimension
     * @return the default starting hyperparameters (prior medians)
     */
    public static double[] defaultTheta(int d) {
        double[] t = new double[d + 2];
        Arrays.fill(t, 0, d, Hyperprior.meanLogLength(d));
        t[d] = 0.0;
        t[d + 1] = Math.log(1e-4);
        return t;
    }

    /**
     * Posterior mean and variance of the latent function at a point.
     *
     * @param point d features
     * @param out {@code out[0]} = mean, {@code out[1]} = variance (at least 1e-12)
     */
    public void predict(double[] point, double[] out) {
        int n = x.length;
        // mean = k* . alpha, v = L^-1 k* and |v|^2, in one pass over the rows with v overwriting k* (each sum in
        // the order of Lbfgs.dot and Linalg.solveLower)
        double[] v = new double[n];
        double mean = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double s = k(point, x[i]);
            mean += s * alpha[i];
            double[] li = chol[i];
            for (int k = 0; k < i; k++) {
                s -= li[k] * v[k];
            }
            v[i] = s / li[i];
            squares += v[i] * v[i];
        }
        out[0] = mean;
        out[1] = Math.max(1e-12, signal - squares);
    }

    /**
     * Posterior mean and variance at many points at once, equal to {@link #predict} at each (the same sums in the
     * same order) but with the triangular solve running across the points, which vectorises.
     *
     * @param points m points of d features
     * @param mean filled with m posterior means
     * @param variance filled with m posterior variances (at least 1e-12)
     */
    public void predict(double[][] points, double[] mean, double[] variance) {
        int n = x.length;
        int m = points.length;
        if (m == 1) {
            // one point (the local search's steps): the row-wise form, without a column per observation
            double[] out = new double[2];
            predict(points[0], out);
            mean[0] = out[0];
            variance[0] = out[1];
            return;
        }
        double[][] v = crossCovariance(points);
        java.util.Arrays.fill(mean, 0, m, 0.0);
        double[] squares = new double[m];
        for (int i = 0; i < n; i++) {
            double[] vi = v[i];
            double a = alpha[i];
            for (int j = 0; j < m; j++) {
                mean[j] += vi[j] * a;
            }
            double[] li = chol[i];
            for (int k = 0; k < i; k++) {
                double lik = li[k];
                double[] vk = v[k];
                for (int j = 0; j < m; j++) {
                    vi[j] -= lik * vk[j];
                }
            }
            double d = li[i];
            for (int j = 0; j < m; j++) {
                vi[j] = vi[j] / d;
                squares[j] += vi[j] * vi[j];
            }
        }
        for (int j = 0; j < m; j++) {
            variance[j] = Math.max(1e-12, signal - squares[j]);
        }
    }

    /** @return k(x_i, point_j) for the n inputs (rows) and the given points (columns) */
    private double[][] crossCovariance(double[][] points) {
        double[][] k = new double[x.length][points.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < points.length; j++) {
                k[i][j] = k(points[j], x[i]);
            }
        }
        return k;
    }

    private double k(double[] a, double[] b) {
        return additive ? Kernels.additive(a, b, invLengthSq, signal) : Kernels.matern(a, b, invLengthSq, signal);
    }

    static double kernel(double[] a, double[] b, double[] invLengthSq, double signal) {
        return Kernels.matern(a, b, invLengthSq, signal);
    }

    /**
     * Negative log posterior of the hyperparameters (marginal likelihood plus priors) and its gradient.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param theta hyperparameters
     * @param gradient filled with the gradient
     * @return the negative log posterior, or +infinity if the covariance is singular
     */
    public static double negLogPosterior(double[][] x, double[] y, double[] theta, double[] gradient) {
        return new MarginalLikelihood(x, y).valueAndGradient(theta, gradient);
    }

    /**
     * Fits hyperparameters by maximising the log posterior with L-BFGS from the given start (if any), the
     * default start and {@code randomStarts} draws around it, then conditions on the data.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param warmStart a start (e.g. the previous fit), or null
     * @param randomStarts extra random starts
     * @param rng random source for the extra starts
     * @param maxIterations L-BFGS iterations per start
     * @return the fitted posterior
     */
    public static GaussianProcess fit(double[][] x, double[] y, double[] warmStart, int randomStarts,
                                      SplittableRandom rng, int maxIterations) {
        return fit(x, y, warmStart, randomStarts, rng, maxIterations, false, false);
    }

    /**
     * {@link #fit(double[][], double[], double[], int, SplittableRandom, int)} with the additive kernel or not.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param warmStart a start (e.g. the previous fit), or null
     * @param randomStarts extra random starts
     * @param rng random source for the extra starts
     * @param maxIterations L-BFGS iterations per start
     * @param additive whether the kernel is the additive one
     * @return the fitted posterior
     */
    public static GaussianProcess fit(double[][] x, double[] y, double[] warmStart, int randomStarts,
                                      SplittableRandom rng, int maxIterations, boolean additive) {
        return fit(x, y, warmStart, randomStarts, rng, maxIterations, false, additive);
    }

    private static GaussianProcess fit(double[][] x, double[] y, double[] warmStart, int randomStarts,
                                       SplittableRandom rng, int maxIterations, boolean interpolate,
                                       boolean additive) {
        int d = x[0].length;
        double[] lo = Hyperprior.lowerBounds(d);
        double[] hi = Hyperprior.upperBounds(d);
        Lbfgs.Function f = new MarginalLikelihood(x, y, additive);
        Lbfgs.Result best = null;
        int starts = 1 + (warmStart != null ? 1 : 0) + randomStarts;
        for (int s = 0; s < starts; s++) {
            double[] start;
            if (s == 0 && warmStart != null && warmStart.length == d + 2) {
                start = warmStart;
            } else if (s == 0 || (s == 1 && warmStart != null)) {
                start = defaultTheta(d);
            } else {
                start = defaultTheta(d);
                for (int m = 0; m < d; m++) {
                    start[m] += rng.nextDouble(-1.5, 1.5);
                }
            }
            Lbfgs.Result r = Lbfgs.minimize(f, start, lo, hi, maxIterations, interpolate);
            if (best == null || (Double.isFinite(r.value()) && !(r.value() >= best.value()))) {
                best = r;
            }
        }
        double[] theta = best != null && Double.isFinite(best.value()) ? best.x() : defaultTheta(d);
        return condition(x, y, theta, additive);
    }

    /**
     * Cold fit for many observations: the multi-start {@link #fit} on {@code size} observations spread evenly
     * over the data (every (n / size)-th), whose cost grows with the cube of the data size, with
     * {@code iterations} L-BFGS iterations per start, then as many iterations of the best on all the data; both with
     * the interpolating line search.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param size observations in the subset; with {@code size >= n} this is {@link #fit} without warm start
     * @param randomStarts extra random starts on the subset
     * @param rng random source for the extra starts
     * @param iterations L-BFGS iterations per start on the subset and on all the data
     * @return the fitted posterior
     */
    public static GaussianProcess fitOnSubset(double[][] x, double[] y, int size, int randomStarts,
                                              SplittableRandom rng, int iterations) {
        return fitOnSubset(x, y, size, randomStarts, rng, iterations, false);
    }

    /**
     * {@link #fitOnSubset(double[][], double[], int, int, SplittableRandom, int)} with the additive kernel or not.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param size observations in the subset
     * @param randomStarts extra random starts on the subset
     * @param rng random source for the extra starts
     * @param iterations L-BFGS iterations per start on the subset and on all the data
     * @param additive whether the kernel is the additive one
     * @return the fitted posterior
     */
    public static GaussianProcess fitOnSubset(double[][] x, double[] y, int size, int randomStarts,
                                              SplittableRandom rng, int iterations, boolean additive) {
        int n = x.length;
        if (size >= n) {
            return fit(x, y, null, randomStarts, rng, 100, false, additive);
        }
        double[][] xs = new double[size][];
        double[] ys = new double[size];
        for (int i = 0; i < size; i++) {
            int j = (int) ((long) i * n / size);
            xs[i] = x[j];
            ys[i] = y[j];
        }
        return refine(x, y, fit(xs, ys, null, randomStarts, rng, iterations, true, additive).theta(), iterations,
                true, additive);
    }

    /**
     * Refines hyperparameters from one start with a few L-BFGS iterations, then conditions on the data.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param start the start (e.g. the previous fit)
     * @param maxIterations L-BFGS iterations
     * @return the fitted posterior
     */
    public static GaussianProcess refine(double[][] x, double[] y, double[] start, int maxIterations) {
        return refine(x, y, start, maxIterations, false);
    }

    /**
     * {@link #refine(double[][], double[], double[], int)}, optionally with {@link Lbfgs}'s interpolating line
     * search, which needs fewer evaluations (each O(n^3)) when long steps are rejected, as with smooth, nearly
     * noiseless data.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param start the start (e.g. the previous fit)
     * @param maxIterations L-BFGS iterations
     * @param interpolate whether the line search interpolates instead of halving
     * @return the fitted posterior
     */
    public static GaussianProcess refine(double[][] x, double[] y, double[] start, int maxIterations,
                                         boolean interpolate) {
        return refine(x, y, start, maxIterations, interpolate, false);
    }

    /**
     * {@link #refine(double[][], double[], double[], int, boolean)} with the additive kernel or not.
     *
     * @param x inputs
     * @param y standardised outputs
     * @param start the start (e.g. the previous fit)
     * @param maxIterations L-BFGS iterations
     * @param interpolate whether the line search interpolates instead of halving
     * @param additive whether the kernel is the additive one
     * @return the fitted posterior
     */
    public static GaussianProcess refine(double[][] x, double[] y, double[] start, int maxIterations,
                                         boolean interpolate, boolean additive) {
        int d = x[0].length;
        Lbfgs.Result r = Lbfgs.minimize(new MarginalLikelihood(x, y, additive), start, Hyperprior.lowerBounds(d),
                Hyperprior.upperBounds(d), maxIterations, interpolate);
        return condition(x, y, Double.isFinite(r.value()) ? r.x() : start, additive);
    }
}
