package dev.hyperforge.search.internal;

/** Small dense linear algebra on {@code double[][]} (row-major), enough for Gaussian processes. */
public final class Linalg {

    private Linalg() {
    }

    /**
     * Cholesky factor of a symmetric positive-definite matrix.
     *
     * @param a the matrix (not modified)
     * @return lower-triangular L with {@code L L^T = a}, or null if {@code a} is not positive definite
     */
    public static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /**
     * Solves {@code L x = b} for lower-triangular L.
     *
     * @param l lower-triangular matrix
     * @param b right-hand side
     * @return x
     */
    public static double[] solveLower(double[][] l, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            double[] li = l[i];
            for (int k = 0; k < i; k++) {
                s -= li[k] * x[k];
            }
            x[i] = s / li[i];
        }
        return x;
    }

    /**
     * Solves {@code L^T x = b} for lower-triangular L.
     *
     * @param l lower-triangular matrix
     * @param b right-hand side
     * @return x
     */
    public static double[] solveUpperTransposed(double[][] l, double[] b) {
        int n = b.length;
        double[] x = b.clone();
        for (int i = n - 1; i >= 0; i--) {
            x[i] /= l[i][i];
            double xi = x[i];
            for (int k = 0; k < i; k++) {
                x[k] -= l[i][k] * xi;
            }
        }
        return x;
    }

    /**
     * Solves {@code (L L^T) x = b}.
     *
     * @param l Cholesky factor
     * @param b right-hand side
     * @return x
     */
    public static double[] cholSolve(double[][] l, double[] b) {
        return solveUpperTransposed(l, solveLower(l, b));
    }

    /**
     * Inverse of {@code L L^T}.
     *
     * @param l Cholesky factor
     * @return the symmetric inverse
     */
    public static double[][] cholInverse(double[][] l) {
        int n = l.length;
        // inverse of L (lower triangular), stored transposed (row j = column j of L^-1) so that every inner loop
        // runs along rows; the sums are taken in the same order as the textbook column-by-column form
        double[][] lit = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] col = lit[j];
            col[j] = 1.0 / l[j][j];
            for (int i = j + 1; i < n; i++) {
                double[] li = l[i];
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= li[k] * col[k];
                }
                col[i] = s / li[i];
            }
        }
        // (L^-1)^T L^-1
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] ci = lit[i];
            for (int j = 0; j <= i; j++) {
                double[] cj = lit[j];
                double s = 0;
                for (int k = i; k < n; k++) {
                    s += ci[k] * cj[k];
                }
                inv[i][j] = s;
                inv[j][i] = s;
            }
        }
        return inv;
    }
}
