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
        // column by column, each column's updates as row-wise axpy on the transposed factor (vectorisable); every
        // entry subtracts its products in the same order (k ascending) as the textbook dot-product form
        double[][] lt = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] c = new double[n];
            for (int i = j; i < n; i++) {
                c[i] = a[i][j];
            }
            for (int k = 0; k < j; k++) {
                double[] lk = lt[k];
                double ljk = lk[j];
                for (int i = j; i < n; i++) {
                    c[i] -= lk[i] * ljk;
                }
            }
            if (!(c[j] > 0)) {
                return null;
            }
            double d = Math.sqrt(c[j]);
            c[j] = d;
            for (int i = j + 1; i < n; i++) {
                c[i] = c[i] / d;
            }
            lt[j] = c;
        }
        return transpose(lt);
    }

    private static double[][] transpose(double[][] lt) {
        int n = lt.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] c = lt[j];
            for (int i = j; i < n; i++) {
                l[i][j] = c[i];
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
        return gram(lowerInverse(l));
    }

    /**
     * L^-1 (lower triangular), row-major: column j by forward substitution, its updates as axpy along the columns
     * of L; each entry subtracts its products in the same order (k ascending) as the dot-product form.
     */
    private static double[][] lowerInverse(double[][] l) {
        int n = l.length;
        double[][] lt = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                lt[k][i] = l[i][k];
            }
        }
        double[][] li = new double[n][n];
        double[] col = new double[n];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(col, 0.0);
            for (int k = j; k < n; k++) {
                double v = (k == j ? 1.0 : col[k]) / l[k][k];
                li[k][j] = v;
                double[] ltk = lt[k];
                for (int i = k + 1; i < n; i++) {
                    col[i] -= ltk[i] * v;
                }
            }
        }
        return li;
    }

    /**
     * (L^-1)^T L^-1: entry (i, j), j &lt;= i, sums li[k][i] li[k][j] over k &gt;= i in ascending order; row by row, so
     * the row being summed stays in the first-level cache.
     */
    static double[][] gram(double[][] li) {
        int n = li.length;
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] row = inv[i];
            for (int k = i; k < n; k++) {
                double[] lik = li[k];
                double a = lik[i];
                for (int j = 0; j <= i; j++) {
                    row[j] += a * lik[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                inv[j][i] = inv[i][j];
            }
        }
        return inv;
    }
}
