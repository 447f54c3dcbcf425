package dev.hyperforge.search.internal;

import java.util.SplittableRandom;

/** Latin-hypercube designs in the unit cube. */
public final class LatinHypercube {

    private LatinHypercube() {
    }

    /**
     * The best of {@code candidates} random Latin hypercubes by the smallest pairwise distance.
     *
     * @param n points
     * @param d dimensions
     * @param seed seed
     * @param candidates designs to try, at least 1
     * @return n points of d coordinates in [0,1)
     */
    public static double[][] maximin(int n, int d, long seed, int candidates) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] best = null;
        double bestScore = -1;
        for (int c = 0; c < candidates; c++) {
            double[][] design = random(n, d, rng);
            double score = minDistance(design);
            if (score > bestScore) {
                bestScore = score;
                best = design;
            }
        }
        return best;
    }

    /**
     * @param n points
     * @param d dimensions
     * @param rng random source
     * @return a random Latin hypercube
     */
    public static double[][] random(int n, int d, SplittableRandom rng) {
        double[][] x = new double[n][d];
        int[] perm = new int[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[k];
                perm[k] = tmp;
            }
            for (int i = 0; i < n; i++) {
                x[i][j] = (perm[i] + rng.nextDouble()) / n;
            }
        }
        return x;
    }

    private static double minDistance(double[][] x) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            for (int k = i + 1; k < x.length; k++) {
                double s = 0;
                for (int j = 0; j < x[i].length; j++) {
                    double diff = x[i][j] - x[k][j];
                    s += diff * diff;
                }
                min = Math.min(min, s);
            }
        }
        return x.length < 2 ? 0 : min;
    }
}
