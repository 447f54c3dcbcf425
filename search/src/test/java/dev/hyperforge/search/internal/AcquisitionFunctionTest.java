package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcquisitionFunctionTest {

    @Test
    void eiIsZeroWhereImprovementIsImpossible() {
        assertEquals(0.0, AcquisitionFunction.expectedImprovement(1.0, 0.0, 1.0));
        assertEquals(0.0, AcquisitionFunction.expectedImprovement(2.0, 0.0, 1.0));
        assertEquals(Double.NEGATIVE_INFINITY, AcquisitionFunction.logEi().value(2.0, 0.0, 1.0));
        assertEquals(Double.NEGATIVE_INFINITY, AcquisitionFunction.logPi().value(1.0, 0.0, 1.0));
        // certain improvement of 0.5 without uncertainty
        assertEquals(0.5, AcquisitionFunction.expectedImprovement(0.5, 0.0, 1.0));
        // an observed point of a noiseless GP has (almost) no EI
        GaussianProcess gp = GaussianProcess.condition(new double[][] {{0.3}, {0.7}}, new double[] {0.0, 1.0},
                new double[] {Math.log(0.2), 0.0, Math.log(1e-6)});
        double[] out = new double[2];
        gp.predict(new double[] {0.7}, out);
        assertTrue(AcquisitionFunction.expectedImprovement(out[0], out[1], 0.0) < 1e-6);
    }

    @Test
    void eiMatchesItsClosedFormAndLogEiIsItsLog() {
        double ei = AcquisitionFunction.expectedImprovement(0.0, 1.0, 0.0);
        assertEquals(1 / Math.sqrt(2 * Math.PI), ei, 1e-12); // phi(0)
        for (double mean : new double[] {-2, 0, 1, 3, 5}) {
            double e = AcquisitionFunction.expectedImprovement(mean, 0.25, 0.0);
            assertEquals(Math.log(e), AcquisitionFunction.logEi().value(mean, 0.25, 0.0), 1e-7);
        }
    }

    @Test
    void logEiStaysFiniteAndMonotoneFarInTheTail() {
        double previous = Double.POSITIVE_INFINITY;
        for (double z = -1; z > -60; z -= 0.5) {
            double v = Normal.logH(z);
            assertTrue(Double.isFinite(v) && v < previous, "z=" + z + " logH=" + v);
            previous = v;
        }
        // asymptotic: h(z) ~ phi(z) / z^2 for very negative z
        double z = -40;
        double asym = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z);
        assertEquals(asym, Normal.logH(z), 1e-2);
        assertEquals(Math.log(Normal.cdf(-2.5)), Normal.logCdf(-2.5), 1e-9);
        assertEquals(0.00134989803163, Normal.cdf(-3.0), 1e-12);
        assertEquals(0.97724986805182, Normal.cdf(2.0), 1e-12);
    }

    @Test
    void ucbPrefersUncertaintyAndLowMeans() {
        AcquisitionFunction ucb = AcquisitionFunction.ucb(2.0);
        assertTrue(ucb.value(0.0, 1.0, 0.0) > ucb.value(0.0, 0.1, 0.0));
        assertTrue(ucb.value(-1.0, 0.1, 0.0) > ucb.value(0.0, 0.1, 0.0));
    }
}
