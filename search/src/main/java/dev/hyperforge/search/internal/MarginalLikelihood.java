package dev.hyperforge.search.internal;

import java.util.Arrays;

/**
 * The negative log posterior of {@link GaussianProcess} hyperparameters on fixed data, as an {@link Lbfgs.Function}.
 * The squared per-feature differences of all input pairs are computed once; the Cholesky factor, {@code alpha}
 * and the pairwise distances of the last point evaluated are kept, so the value a line search accepts and the
 * gradient computed there next share one factorisation, and the value alone skips the inverse and the gradient.
 * Not thread-safe (one instance per fit).
 */
final class MarginalLikelihood implements Lbfgs.Function {

    private static final double SQRT5 = Math.sqrt(5);

    private final double[] y;
    private final int n;
    private final int d;
    /** Pair p = (i, j &lt; i), p = i (i - 1) / 2 + j: {@code sq[p * d + m] = (x_im - x_jm)^2}. */
    private final double[] sq;
    private final double[] kernel;
    private final double[] distance;
    private final double[] decay;
    private final double[] inv;
    /** Additive kernel only: per pair and feature, the derivative of the one-dimensional Matérn in log l_m. */
    private final double[] partGradients;
    private final boolean additive;
    private double[] theta;
    private double[][] chol;
    private double[] alpha;
    private double dataValue;

    MarginalLikelihood(double[][] x, double[] y) {
        this(x, y, false);
    }

    MarginalLikelihood(double[][] x, double[] y, boolean additive) {
        this.y = y;
        this.additive = additive;
        this.n = x.length;
        this.d = x[0].length;
        int pairs = n * (n - 1) / 2;
        this.sq = new double[pairs * d];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++, p++) {
                for (int m = 0; m < d; m++) {
                    double diff = x[i][m] - x[j][m];
                    sq[p * d + m] = diff * diff;
                }
            }
        }
        this.kernel = new double[pairs];
        this.distance = new double[pairs];
        this.decay = new double[pairs];
        this.inv = new double[d];
        this.partGradients = additive ? new double[pairs * d] : null;
    }

    @Override
    public double value(double[] t) {
        evaluate(t);
        return chol == null ? Double.POSITIVE_INFINITY : dataValue + Hyperprior.prior(t, null, d);
    }

    @Override
    public double valueAndGradient(double[] t, double[] gradient) {
        evaluate(t);
        if (chol == null) {
            Arrays.fill(gradient, 0);
            return Double.POSITIVE_INFINITY;
        }
        double[][] kinv = Linalg.cholInverse(chol);
        double signal = Math.exp(t[d]);
        double noise = Math.exp(t[d + 1]);
        Arrays.fill(gradient, 0);
        int p = 0;
        for (int i = 0; i < n; i++) {
            double wii = alpha[i] * alpha[i] - kinv[i][i];
            gradient[d] += 0.5 * wii * signal;
            gradient[d + 1] += 0.5 * wii * noise;
            double[] kinvI = kinv[i];
            for (int j = 0; j < i; j++, p++) {
                double w = alpha[i] * alpha[j] - kinvI[j]; // counted twice (i,j) and (j,i)
                gradient[d] += w * kernel[p];
                if (additive) {
                    int base = p * d;
                    double c = w * signal / d;
                    for (int m = 0; m < d; m++) {
                        gradient[m] += c * partGradients[base + m];
                    }
                    continue;
                }
                double common = w * signal * 5.0 / 3.0 * (1 + SQRT5 * distance[p]) * decay[p];
                int base = p * d;
                for (int m = 0; m < d; m++) {
                    gradient[m] += common * (sq[base + m] * inv[m]);
                }
            }
        }
        for (int m = 0; m < d + 2; m++) {
            gradient[m] = -gradient[m];
        }
        return dataValue + Hyperprior.prior(t, gradient, d);
    }

    /**
     * Fills the derivatives of the pair's one-dimensional Matérn terms in the log length-scales
     * ({@code 5/3 r^2 (1 + sqrt5 r) exp(-sqrt5 r)}) and returns the sum of the terms.
     */
    private double additiveSum(int base) {
        double sum = 0;
        for (int m = 0; m < d; m++) {
            double r2 = sq[base + m] * inv[m];
            double r = Math.sqrt(r2);
            double e = Math.exp(-SQRT5 * r);
            double v = (1 + SQRT5 * r + 5.0 / 3.0 * r2) * e;
            partGradients[base + m] = 5.0 / 3.0 * r2 * (1 + SQRT5 * r) * e;
            sum += v;
        }
        return sum;
    }

    /** @return the Cholesky factor at the last point evaluated, or null if the covariance was singular there */
    double[][] cholesky() {
        return chol;
    }

    /** Factorises the covariance at {@code t} unless it is the last point evaluated. */
    private void evaluate(double[] t) {
        if (theta != null && Arrays.equals(theta, t)) {
            return;
        }
        theta = t.clone();
        for (int m = 0; m < d; m++) {
            inv[m] = Math.exp(-2 * t[m]);
        }
        double signal = Math.exp(t[d]);
        double noise = Math.exp(t[d + 1]);
        double[][] k = new double[n][n];
        int p = 0;
        for (int i = 0; i < n; i++) {
            k[i][i] = signal + noise + GaussianProcess.JITTER;
            for (int j = 0; j < i; j++, p++) {
                if (additive) {
                    double v = signal * additiveSum(p * d) / d;
                    kernel[p] = v;
                    k[i][j] = v;
                    continue;
                }
                double r2 = 0;
                int base = p * d;
                for (int m = 0; m < d; m++) {
                    r2 += sq[base + m] * inv[m];
                }
                double r = Math.sqrt(r2);
                double e = Math.exp(-SQRT5 * r);
                double v = signal * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * e;
                distance[p] = r;
                decay[p] = e;
                kernel[p] = v;
                k[i][j] = v;
            }
        }
        chol = Linalg.cholesky(k);
        if (chol == null) {
            return;
        }
        alpha = Linalg.cholSolve(chol, y);
        double nll = 0.5 * Lbfgs.dot(y, alpha) + 0.5 * n * Math.log(2 * Math.PI);
        for (int i = 0; i < n; i++) {
            nll += Math.log(chol[i][i]);
        }
        dataValue = nll;
    }
}
