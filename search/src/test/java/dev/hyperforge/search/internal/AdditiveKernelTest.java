package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdditiveKernelTest {

    /** Matérn-5/2 at r = 1 and r = 2: (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r). */
    private static final double M52_1 = 0.5239941088318203;
    private static final double M52_2 = 0.13866021913850426;

    @Test
    void kernelIsTheMeanOfOneDimensionalMaternTerms() {
        // length-scales 0.3 in every feature; differences 0.3, 0.6 and 0: r = 1, 2, 0
        double[] inv = {1 / 0.09, 1 / 0.09, 1 / 0.09};
        double[] a = {0.1, 0.2, 0.5};
        double[] b = {0.4, 0.8, 0.5};
        assertEquals(1.7 * (M52_1 + M52_2 + 1) / 3, Kernels.additive(a, b, inv, 1.7), 1e-12);
        assertEquals(0.9421707858498505, Kernels.additive(a, b, inv, 1.7), 1e-12);
        assertEquals(1.7, Kernels.additive(a, a, inv, 1.7), 1e-12);
    }

    @Test
    void additivePosteriorCombinesTheAxesExactly() {
        // under an additive prior f(a, b) = f(a, 0) + f(0, b) - f(0, 0) for every sample of f, so with (almost)
        // noiseless observations at those three points the posterior at (a, b) is that sum with no variance left
        double[][] x = {{0.0, 0.0}, {0.7, 0.0}, {0.0, 0.4}};
        double[] y = {0.3, -1.1, 0.8};
        double[] theta = {Math.log(0.5), Math.log(0.5), 0.0, Math.log(1e-8)};
        GaussianProcess additive = GaussianProcess.condition(x, y, theta, true);
        double[] out = new double[2];
        additive.predict(new double[] {0.7, 0.4}, out);
        assertEquals(-1.1 + 0.8 - 0.3, out[0], 1e-5);
        assertTrue(out[1] < 1e-5, "variance " + out[1]);
        GaussianProcess ard = GaussianProcess.condition(x, y, theta, false);
        ard.predict(new double[] {0.7, 0.4}, out);
        assertTrue(out[1] > 0.1, "the ARD kernel is unsure off the axes: " + out[1]);
        assertTrue(additive.additive());
        assertTrue(additive.condition(x, y).additive());
        assertFalse(ard.additive());
    }

    @Test
    void batchedAndSinglePredictionsAgree() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] x = randomPoints(rng, 25, 5);
        double[] y = new double[25];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(5 * x[i][0]) + x[i][3];
        }
        GaussianProcess gp = GaussianProcess.condition(x, y, new double[] {-1, -0.5, 0, -1.5, -1, 0.2, -6}, true);
        double[][] points = randomPoints(rng, 4, 5);
        double[] mean = new double[4];
        double[] variance = new double[4];
        gp.predict(points, mean, variance);
        double[] out = new double[2];
        for (int j = 0; j < 4; j++) {
            gp.predict(points[j], out);
            assertEquals(out[0], mean[j], 1e-12);
            assertEquals(out[1], variance[j], 1e-12);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = randomPoints(rng, 20, 3);
        double[] y = new double[20];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.cos(4 * x[i][0]) + x[i][1] * x[i][1] - 0.5 * x[i][2];
        }
        double[] theta = {-1.1, -0.3, 0.4, 0.2, Math.log(1e-3)};
        double[] g = new double[5];
        double[] dummy = new double[5];
        new MarginalLikelihood(x, y, true).valueAndGradient(theta, g);
        double h = 1e-6;
        for (int m = 0; m < 5; m++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[m] += h;
            tm[m] -= h;
            double numeric = (new MarginalLikelihood(x, y, true).valueAndGradient(tp, dummy)
                    - new MarginalLikelihood(x, y, true).valueAndGradient(tm, dummy)) / (2 * h);
            assertEquals(numeric, g[m], 1e-4 * Math.max(1, Math.abs(numeric)), "component " + m);
        }
    }

    @Test
    void marginalLikelihoodPrefersTheAdditiveKernelOnlyForAnAdditiveFunction() {
        SplittableRandom rng = new SplittableRandom(11);
        double[][] x = randomPoints(rng, 60, 8);
        double[] sum = new double[60];
        double[] chain = new double[60];
        for (int i = 0; i < 60; i++) {
            for (int k = 0; k < 8; k++) {
                sum[i] += Math.pow(x[i][k] - 0.3, 2);
            }
            // products of neighbouring coordinates: no additive part at all
            for (int k = 0; k + 1 < 8; k++) {
                chain[i] += (x[i][k] - 0.5) * (x[i][k + 1] - 0.5);
            }
        }
        assertTrue(likelihood(x, sum, true) > likelihood(x, sum, false) + 10,
                likelihood(x, sum, true) + " vs " + likelihood(x, sum, false));
        assertTrue(likelihood(x, chain, false) > likelihood(x, chain, true) + 5,
                likelihood(x, chain, false) + " vs " + likelihood(x, chain, true));
    }

    private static double likelihood(double[][] x, double[] y, boolean additive) {
        double[] ys = y.clone();
        double mean = 0;
        for (double v : ys) {
            mean += v / ys.length;
        }
        double var = 0;
        for (double v : ys) {
            var += (v - mean) * (v - mean) / ys.length;
        }
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (ys[i] - mean) / Math.sqrt(var);
        }
        return GaussianProcess.fit(x, ys, null, 2, new SplittableRandom(1), 100, additive).logMarginalLikelihood();
    }

    private static double[][] randomPoints(SplittableRandom rng, int n, int d) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int k = 0; k < d; k++) {
                row[k] = rng.nextDouble();
            }
        }
        return x;
    }
}
