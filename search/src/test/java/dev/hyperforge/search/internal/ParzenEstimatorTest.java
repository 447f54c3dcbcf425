package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The expected numbers were computed with Debian's python3-optuna 3.1 ({@code _ParzenEstimator} with the
 * {@code TPESampler} defaults) on the same observations, an independent reference. For continuous parameters
 * Optuna 3.1's truncated-normal log density lacks the {@code -log sigma} term (optuna/optuna#5109, fixed in 3.5 by
 * #5110); those expected values are Optuna 3.1's kernels, bandwidths and weights with the fixed density.
 */
class ParzenEstimatorTest {

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }

    @Test
    void continuousLogDensityMatchesOptuna() {
        ParzenEstimator pe = new ParzenEstimator(new double[] {0.2, 0.3, 0.9}, ones(3), 1.0, 0, false);
        double[] x = {0.05, 0.25, 0.6, 0.95};
        double[] optuna = {-0.02842307247803133, 0.3774402608271058, -0.1817352323988497, -0.41482710018566105};
        for (int i = 0; i < x.length; i++) {
            assertEquals(optuna[i], pe.logPdf(x[i]), 1e-9, "x=" + x[i]);
        }
    }

    @Test
    void unscaledDensityReproducesOptuna31() {
        ParzenEstimator pe = new ParzenEstimator(new double[] {0.2, 0.3, 0.9}, ones(3), 1.0, 0, true);
        double[] x = {0.05, 0.25, 0.6, 0.95};
        double[] optuna31 = {-0.9375417628185196, -0.6609290360003007, -0.8249109773467124, -0.9044621398217144};
        for (int i = 0; i < x.length; i++) {
            assertEquals(optuna31[i], pe.logPdf(x[i]), 1e-9, "x=" + x[i]);
        }
    }

    @Test
    void rampedWeightsAndManyObservationsMatchOptuna() {
        double[] obs = new double[30];
        for (int i = 0; i < 30; i++) {
            double v = 0.01 + 0.98 * i / 29;
            obs[i] = v * v;
        }
        double[] w = new double[30];
        int ramp = 5;
        for (int i = 0; i < 30; i++) {
            w[i] = i >= ramp ? 1.0 : 1.0 / 30 + (1 - 1.0 / 30) * i / (ramp - 1);
        }
        ParzenEstimator pe = new ParzenEstimator(obs, w, 1.0, 0, false);
        assertEquals(0.8138371167491707, pe.logPdf(0.001), 1e-9);
        assertEquals(-0.2551001367240271, pe.logPdf(0.5), 1e-9);
        assertEquals(-0.7360754610658964, pe.logPdf(0.999), 1e-9);
    }

    @Test
    void steppedCellMassesMatchOptunaAndSumToOne() {
        // IntDistribution(0, 4) observed at 1, 1, 3: unit cells of width 0.2, values at their centres
        ParzenEstimator pe = new ParzenEstimator(new double[] {0.3, 0.3, 0.7}, ones(3), 1.0, 0.2, false);
        double[] optuna = {-1.7194143238697677, -1.3003487366199757, -1.40108298680161, -1.6816616667660726,
            -2.154185865560259};
        double total = 0;
        for (int k = 0; k < 5; k++) {
            double lp = pe.logPdf((k + 0.5) / 5);
            assertEquals(optuna[k], lp, 1e-9, "value " + k);
            total += Math.exp(lp);
        }
        assertEquals(1.0, total, 1e-12);
        for (double s : pe.sample(new SplittableRandom(1), 200)) {
            double cell = s * 5 - 0.5;
            assertEquals(Math.round(cell), cell, 1e-9, "samples are cell centres: " + s);
        }
    }

    @Test
    void categoricalWeightedCountsMatchOptuna() {
        double[] p = ParzenEstimator.categorical(new int[] {0, 2, 2}, ones(3), 1.0, 3);
        assertArrayEquals(new double[] {0.3333333333333333, 0.19047619047619047, 0.4761904761904762}, p, 1e-12);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, ParzenEstimator.categorical(new int[0],
                new double[0], 1.0, 4), 1e-12);
    }

    @Test
    void samplesStayInTheUnitIntervalAndFollowTheDensity() {
        ParzenEstimator pe = new ParzenEstimator(new double[] {0.02, 0.05, 0.98}, ones(3), 1.0, 0, false);
        double[] s = pe.sample(new SplittableRandom(5), 20000);
        int low = 0;
        for (double v : s) {
            assertTrue(v >= 0 && v <= 1, "sample " + v);
            low += v < 0.25 ? 1 : 0;
        }
        // probability of [0, 0.25) under the mixture, by the trapezoidal rule on its density
        double mass = 0;
        int steps = 5000;
        for (int i = 0; i < steps; i++) {
            double a = 0.25 * i / steps;
            double b = 0.25 * (i + 1) / steps;
            mass += 0.5 * (Math.exp(pe.logPdf(a)) + Math.exp(pe.logPdf(b))) * (b - a);
        }
        assertEquals(mass, low / 20000.0, 0.015);
    }

    @Test
    void logMassIsAccurateFarInATail() {
        assertEquals(Math.log(Normal.cdf(0.5) - Normal.cdf(-1.0)), ParzenEstimator.logMass(-1.0, 0.5), 1e-12);
        // mass of [40, 40.1] in the upper tail: phi(40) * 0.1 to first order, far below what doubles subtract
        double approx = -0.5 * 1600 - 0.5 * Math.log(2 * Math.PI) + Math.log(1 - Math.exp(-4.005)) - Math.log(40.0);
        assertEquals(approx, ParzenEstimator.logMass(40.0, 40.1), 0.01);
    }
}
