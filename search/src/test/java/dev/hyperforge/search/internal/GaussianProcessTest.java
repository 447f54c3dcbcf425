package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    @Test
    void posteriorMatchesTheClosedFormForOneObservation() {
        double l = 0.3;
        double s2 = 1.7;
        double noise = 0.01;
        double[] theta = {Math.log(l), Math.log(s2), Math.log(noise)};
        GaussianProcess gp = GaussianProcess.condition(new double[][] {{0.2}}, new double[] {1.5}, theta);
        double[] out = new double[2];
        gp.predict(new double[] {0.5}, out);
        double r = 0.3 / l;
        double k = s2 * (1 + Math.sqrt(5) * r + 5.0 / 3.0 * r * r) * Math.exp(-Math.sqrt(5) * r);
        double denom = s2 + noise + 1e-9;
        assertEquals(k / denom * 1.5, out[0], 1e-9);
        assertEquals(s2 - k * k / denom, out[1], 1e-9);
        gp.predict(new double[] {0.2}, out);
        assertEquals(s2 / denom * 1.5, out[0], 1e-9);
        assertEquals(s2 - s2 * s2 / denom, out[1], 1e-9);
    }

    @Test
    void posteriorMatchesTheClosedFormForTwoObservations() {
        double[] theta = {Math.log(0.5), 0.0, Math.log(1e-3)};
        double[][] x = {{0.0}, {1.0}};
        double[] y = {1.0, -1.0};
        GaussianProcess gp = GaussianProcess.condition(x, y, theta);
        double k01 = GaussianProcess.kernel(x[0], x[1], new double[] {4.0}, 1.0);
        double a = 1 + 1e-3 + 1e-9;
        double det = a * a - k01 * k01;
        // K^-1 = [a, -k01; -k01, a] / det
        double[] point = {0.25};
        double k0 = GaussianProcess.kernel(point, x[0], new double[] {4.0}, 1.0);
        double k1 = GaussianProcess.kernel(point, x[1], new double[] {4.0}, 1.0);
        double alpha0 = (a * y[0] - k01 * y[1]) / det;
        double alpha1 = (-k01 * y[0] + a * y[1]) / det;
        double mean = k0 * alpha0 + k1 * alpha1;
        double var = 1 - (k0 * (a * k0 - k01 * k1) + k1 * (-k01 * k0 + a * k1)) / det;
        double[] out = new double[2];
        gp.predict(point, out);
        assertEquals(mean, out[0], 1e-9);
        assertEquals(var, out[1], 1e-9);
    }

    @Test
    void batchedPredictionsEqualOneByOnePredictions() {
        SplittableRandom rng = new SplittableRandom(8);
        double[][] x = new double[30][4];
        double[] y = new double[30];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 4; k++) {
                x[i][k] = rng.nextDouble();
            }
            y[i] = Math.sin(3 * x[i][0]) * x[i][2] - x[i][3];
        }
        GaussianProcess gp = GaussianProcess.condition(x, y, new double[] {-1, -0.5, -1.5, 0, 0.3, Math.log(1e-3)});
        double[][] points = new double[17][4];
        for (double[] p : points) {
            for (int k = 0; k < 4; k++) {
                p[k] = rng.nextDouble();
            }
        }
        points[3] = x[5].clone();
        double[] mean = new double[17];
        double[] variance = new double[17];
        gp.predict(points, mean, variance);
        double[] out = new double[2];
        for (int j = 0; j < points.length; j++) {
            gp.predict(points[j], out);
            assertEquals(out[0], mean[j], 0.0, "mean " + j);
            assertEquals(out[1], variance[j], 0.0, "variance " + j);
        }
        assertTrue(variance[3] < 0.01, "variance at an observed input " + variance[3]);
        double[] one = new double[1];
        double[] oneVariance = new double[1];
        gp.predict(new double[][] {points[7]}, one, oneVariance);
        assertEquals(mean[7], one[0], 0.0, "a batch of one point");
        assertEquals(variance[7], oneVariance[0], 0.0, "a batch of one point");
    }

    @Test
    void analyticGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = rng.nextDouble();
            }
            y[i] = Math.sin(5 * x[i][0]) + x[i][1];
        }
        double[] theta = {-1.0, 0.2, 0.5, 0.3, Math.log(1e-3)};
        double[] g = new double[theta.length];
        GaussianProcess.negLogPosterior(x, y, theta, g);
        for (int m = 0; m < theta.length; m++) {
            double h = 1e-6;
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[m] += h;
            tm[m] -= h;
            double[] dummy = new double[theta.length];
            double numeric = (GaussianProcess.negLogPosterior(x, y, tp, dummy)
                    - GaussianProcess.negLogPosterior(x, y, tm, dummy)) / (2 * h);
            assertEquals(numeric, g[m], 1e-4 * Math.max(1, Math.abs(numeric)), "component " + m);
        }
    }

    @Test
    void valueAloneAndTheCachedFactorisationAgreeWithAFreshEvaluation() {
        SplittableRandom rng = new SplittableRandom(4);
        double[][] x = new double[15][2];
        double[] y = new double[15];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = rng.nextDouble();
            x[i][1] = rng.nextDouble();
            y[i] = Math.cos(4 * x[i][0]) - x[i][1];
        }
        double[] a = {-1.2, 0.4, 0.1, Math.log(1e-3)};
        double[] b = {-0.5, -0.9, -0.2, Math.log(1e-2)};
        MarginalLikelihood ml = new MarginalLikelihood(x, y);
        double[] g = new double[4];
        double[] fresh = new double[4];
        // a value at b, then the gradient at a (refactorised), then the value at a again (cached)
        double vb = ml.value(b);
        double va = ml.valueAndGradient(a, g);
        assertEquals(GaussianProcess.negLogPosterior(x, y, b, fresh), vb, 0.0);
        assertEquals(GaussianProcess.negLogPosterior(x, y, a, fresh), va, 0.0);
        assertEquals(va, ml.value(a), 0.0);
        for (int m = 0; m < 4; m++) {
            assertEquals(fresh[m], g[m], 0.0, "component " + m);
        }
    }

    @Test
    void coldFitOnASubsetThenRefinedIsAsLikelyAsTheFullFit() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 90;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = rng.nextDouble();
            }
            y[i] = Math.sin(6 * x[i][0]) + 0.3 * x[i][1] + 0.01 * rng.nextGaussian();
        }
        double[] unused = new double[5];
        GaussianProcess full = GaussianProcess.fit(x, y, null, 2, new SplittableRandom(7), 100);
        GaussianProcess sub = GaussianProcess.fitOnSubset(x, y, 40, 2, new SplittableRandom(7), 30);
        double fullValue = GaussianProcess.negLogPosterior(x, y, full.theta(), unused);
        double subValue = GaussianProcess.negLogPosterior(x, y, sub.theta(), unused);
        assertTrue(subValue <= fullValue + 0.5, "subset fit " + subValue + " vs full fit " + fullValue);
        assertTrue(Math.exp(sub.theta()[2]) > 3 * Math.exp(sub.theta()[0]), "x2 is irrelevant: " + sub.theta()[2]);
    }

    @Test
    void fittedLengthScalesRecoverAnAnisotropicFunction() {
        // varies fast along x0, slowly along x1, not at all along x2
        SplittableRandom rng = new SplittableRandom(2);
        int n = 40;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = rng.nextDouble();
            }
            y[i] = Math.sin(8 * x[i][0]) + 0.5 * x[i][1];
        }
        double mean = 0;
        for (double v : y) {
            mean += v / n;
        }
        for (int i = 0; i < n; i++) {
            y[i] -= mean;
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, null, 2, new SplittableRandom(3), 100);
        double[] t = gp.theta();
        double l0 = Math.exp(t[0]);
        double l1 = Math.exp(t[1]);
        double l2 = Math.exp(t[2]);
        assertTrue(l0 < 1.0, "l0=" + l0);
        assertTrue(l1 > 5 * l0, "l0=" + l0 + " l1=" + l1);
        assertTrue(l2 > 2 * l1, "l1=" + l1 + " l2=" + l2);
        // and it interpolates held-out points well
        double[] out = new double[2];
        double err = 0;
        for (int i = 0; i < 50; i++) {
            double[] p = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            gp.predict(p, out);
            err += Math.abs(out[0] + mean - (Math.sin(8 * p[0]) + 0.5 * p[1])) / 50;
        }
        assertTrue(err < 0.1, "mean abs error " + err);
    }

    @Test
    void choleskySolvesAndInverts() {
        double[][] a = {{4, 2, 0.4}, {2, 3, 0.5}, {0.4, 0.5, 2}};
        double[][] l = Linalg.cholesky(a);
        double[] b = {1, 2, 3};
        double[] x = Linalg.cholSolve(l, b);
        for (int i = 0; i < 3; i++) {
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s += a[i][k] * x[k];
            }
            assertEquals(b[i], s, 1e-12);
        }
        double[][] inv = Linalg.cholInverse(l);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a[i][k] * inv[k][j];
                }
                assertEquals(i == j ? 1 : 0, s, 1e-12);
            }
        }
        assertEquals(null, Linalg.cholesky(new double[][] {{1, 2}, {2, 1}}));
    }

    @Test
    void lineSearchBacktracksToTheQuadraticsMinimumWithinItsSafeguards() {
        // f(t) = (t - 0.3)^2 along the step: f(0) = 0.09, slope -0.6, rejected step 1 with f = 0.49 -> minimum 0.3
        assertEquals(0.3, Lbfgs.backtrack(1.0, -0.6, 0.09, 0.49), 1e-12);
        // minimum at 0.01 of the step: no closer than a tenth; nearly linear: no further than a half
        assertEquals(0.1, Lbfgs.backtrack(1.0, -0.02, 1e-4, 0.9801), 1e-12);
        assertEquals(0.5, Lbfgs.backtrack(1.0, -1.0, 0.0, -0.999), 1e-12);
        assertEquals(0.25, Lbfgs.backtrack(1.0, -1.0, 0.0, Double.POSITIVE_INFINITY), 0.0);
    }

    @Test
    void theInterpolatingLineSearchFindsTheSameMinimumWithFewerEvaluations() {
        // a narrow curved valley, where unit steps are often too long
        int[] calls = new int[2];
        for (boolean interpolate : new boolean[] {false, true}) {
            Lbfgs.Function f = (x, g) -> {
                calls[interpolate ? 1 : 0]++;
                double a = 1 - x[0];
                double b = x[1] - x[0] * x[0];
                g[0] = -2 * a - 400 * x[0] * b;
                g[1] = 200 * b;
                return a * a + 100 * b * b;
            };
            Lbfgs.Result r = Lbfgs.minimize(f, new double[] {-1.2, 1}, new double[] {-2, -2}, new double[] {2, 2},
                    200, interpolate);
            assertEquals(1.0, r.x()[0], 1e-3, "interpolate=" + interpolate);
            assertEquals(1.0, r.x()[1], 2e-3, "interpolate=" + interpolate);
        }
        assertTrue(calls[1] < calls[0], "evaluations with interpolation " + calls[1] + ", halving " + calls[0]);
    }

    @Test
    void lbfgsFindsTheMinimumOfABoxedQuadratic() {
        Lbfgs.Function f = (x, g) -> {
            g[0] = 2 * (x[0] - 3);
            g[1] = 20 * (x[1] + 0.5);
            return Math.pow(x[0] - 3, 2) + 10 * Math.pow(x[1] + 0.5, 2);
        };
        Lbfgs.Result r = Lbfgs.minimize(f, new double[] {0, 0}, new double[] {-1, -1}, new double[] {2, 1}, 100);
        assertEquals(2.0, r.x()[0], 1e-6); // clipped by the box
        assertEquals(-0.5, r.x()[1], 1e-5);
    }
}
