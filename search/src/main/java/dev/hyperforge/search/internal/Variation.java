package dev.hyperforge.search.internal;

import java.util.SplittableRandom;

/**
 * Real-coded variation operators of NSGA-II on the unit cube (Deb and Agrawal's bounded forms, as in pymoo and
 * Optuna): simulated binary crossover (SBX) and polynomial mutation. Jenetics 7's core has neither (they live in
 * its {@code jenetics.ext} module, which this project does not use), so they are written here on plain arrays.
 *
 * <pre>{@code
 * double[][] children = Variation.sbx(parentA, parentB, 15, rng);
 * Variation.polynomialMutation(children[0], 1.0 / d, 20, rng);
 * }</pre>
 */
public final class Variation {

    private Variation() {
    }

    /**
     * Bounded SBX: each coordinate is recombined with probability 1/2 and the two children are swapped with
     * probability 1/2.
     *
     * @param a a parent in [0,1]^d
     * @param b another parent
     * @param eta distribution index (larger keeps children closer to their parents)
     * @param rng random source
     * @return two children in [0,1]^d
     */
    public static double[][] sbx(double[] a, double[] b, double eta, SplittableRandom rng) {
        double[] c1 = a.clone();
        double[] c2 = b.clone();
        for (int k = 0; k < a.length; k++) {
            if (rng.nextDouble() > 0.5 || Math.abs(a[k] - b[k]) < 1e-14) {
                continue;
            }
            double y1 = Math.min(a[k], b[k]);
            double y2 = Math.max(a[k], b[k]);
            double u = rng.nextDouble();
            double lo = 0.5 * ((y1 + y2) - betaQ(1 + 2 * y1 / (y2 - y1), eta, u) * (y2 - y1));
            double hi = 0.5 * ((y1 + y2) + betaQ(1 + 2 * (1 - y2) / (y2 - y1), eta, u) * (y2 - y1));
            lo = clamp(lo);
            hi = clamp(hi);
            boolean swap = rng.nextDouble() < 0.5;
            c1[k] = swap ? hi : lo;
            c2[k] = swap ? lo : hi;
        }
        return new double[][] {c1, c2};
    }

    private static double betaQ(double beta, double eta, double u) {
        double alpha = 2 - Math.pow(beta, -(eta + 1));
        return u <= 1 / alpha ? Math.pow(u * alpha, 1 / (eta + 1)) : Math.pow(1 / (2 - u * alpha), 1 / (eta + 1));
    }

    /**
     * Bounded polynomial mutation, in place.
     *
     * @param x a point in [0,1]^d
     * @param probability probability of mutating each coordinate
     * @param eta distribution index (larger makes smaller steps)
     * @param rng random source
     */
    public static void polynomialMutation(double[] x, double probability, double eta, SplittableRandom rng) {
        double power = 1 / (eta + 1);
        for (int k = 0; k < x.length; k++) {
            if (rng.nextDouble() >= probability) {
                continue;
            }
            double y = x[k];
            double u = rng.nextDouble();
            double delta;
            if (u < 0.5) {
                double v = 2 * u + (1 - 2 * u) * Math.pow(1 - y, eta + 1);
                delta = Math.pow(v, power) - 1;
            } else {
                double v = 2 * (1 - u) + 2 * (u - 0.5) * Math.pow(y, eta + 1);
                delta = 1 - Math.pow(v, power);
            }
            x[k] = clamp(y + delta);
        }
    }

    private static double clamp(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }
}
