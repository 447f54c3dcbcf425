package dev.hyperforge.search.internal;

/** The standard normal distribution, with log-space functions accurate far in the tails. */
public final class Normal {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);

    private Normal() {
    }

    /**
     * @param z a point
     * @return the density at z
     */
    public static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    /**
     * @param z a point
     * @return the distribution function at z
     */
    public static double cdf(double z) {
        if (z < -3) {
            return pdf(z) * millsRatio(-z);
        }
        if (z > 8.5) {
            return 1.0;
        }
        return 0.5 * (1 + erf(z / SQRT2));
    }

    /**
     * @param z a point
     * @return log of the distribution function at z
     */
    public static double logCdf(double z) {
        if (z < -3) {
            return -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
        }
        return Math.log(cdf(z));
    }

    /**
     * {@code log(z Phi(z) + phi(z))}, the log of the expected improvement of a unit normal over 0 shifted by
     * z, accurate for very negative z.
     *
     * @param z standardised improvement
     * @return log h(z)
     */
    public static double logH(double z) {
        if (z > -1) {
            return Math.log(z * cdf(z) + pdf(z));
        }
        double x = -z;
        double r = x < 3 ? cdf(-x) / pdf(x) : millsRatio(x);
        return -0.5 * x * x - LOG_SQRT_2PI + Math.log1p(-x * r);
    }

    /** Mills ratio {@code (1 - Phi(x)) / phi(x)} for x >= 3, by its continued fraction. */
    static double millsRatio(double x) {
        double t = x;
        for (int k = 300; k >= 1; k--) {
            t = x + k / t;
        }
        return 1.0 / t;
    }

    /** erf by its series with positive terms; accurate for |t| below about 6. */
    static double erf(double t) {
        if (t < 0) {
            return -erf(-t);
        }
        if (t > 6) {
            return 1.0;
        }
        double t2 = t * t;
        double term = t;
        double sum = t;
        for (int n = 1; n < 500; n++) {
            term *= 2 * t2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, 2 / Math.sqrt(Math.PI) * Math.exp(-t2) * sum);
    }
}
