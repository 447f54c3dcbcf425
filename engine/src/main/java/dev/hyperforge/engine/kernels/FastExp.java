package dev.hyperforge.engine.kernels;

/**
 * {@code exp} over an array in loops the JIT vectorises (numerics level {@link Numerics#V2}). {@code Math.exp} is
 * an intrinsic the JIT calls once per element, never vectorised; the recurrent gates spend about half their time
 * there. This is fdlibm's algorithm (the one {@code StrictMath.exp} uses) in three passes over the array, each a
 * plain loop of arithmetic: argument reduction {@code x = k·ln2 + r} with {@code |r| ≤ ln2/2} (the rounding of
 * {@code x/ln2} by adding and subtracting 1.5·2⁵²), fdlibm's rational approximation of {@code exp(r)} (degree 10,
 * one division), and the scaling by {@code 2^k} built from the exponent bits. The last pass stays scalar (bit
 * casts do not vectorise on Java 17) but costs a few instructions per element; it also handles what the first
 * two passes leave unusable (arguments beyond the double range of exp, infinities, NaN) on a branch that
 * gate values never take, so the vectorised passes need no clamping.
 *
 * <p>Accuracy: within about one ulp of {@code Math.exp} (both are within one ulp of the true value; they
 * differ in the last bit for roughly one input in ten). Special values as {@code Math.exp}: {@code NaN → NaN},
 * {@code +∞ → +∞}, {@code -∞ → 0}, overflow above 709.78 to {@code +∞}, gradual underflow to subnormals and 0
 * below -708.4 (there the 2^k scaling is split in two factors, so that the result rounds once).
 *
 * <pre>{@code
 * double[] x = {-1.0, 0.0, 2.5};
 * double[] k = new double[3];                // scratch, as long as n
 * FastExp.exp(x, x, k, 3);                   // x is now {e^-1, 1, e^2.5}, in place
 * }</pre>
 */
public final class FastExp {
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double INV_LN2 = 1.44269504088896338700e+00;
    /** Adding and subtracting 1.5·2⁵² rounds a double below 2⁵¹ in magnitude to an integer (round half even). */
    private static final double ROUND = 0x1.8p52;
    private static final double P1 = 1.66666666666666019037e-01;
    private static final double P2 = -2.77777777770155933842e-03;
    private static final double P3 = 6.61375632143793436117e-05;
    private static final double P4 = -1.65339022054652515390e-06;
    private static final double P5 = 4.13813679705723846039e-08;

    private FastExp() {
    }

    /**
     * {@code out[j] = exp(x[j])} for {@code j < n}.
     *
     * @param x the arguments (may be {@code out})
     * @param out the results
     * @param k scratch of at least {@code n} elements (the reduction's integer multiples of ln2)
     * @param n how many elements
     */
    public static void exp(double[] x, double[] out, double[] k, int n) {
        for (int j = 0; j < n; j++) {
            double v = x[j];
            double kd = (v * INV_LN2 + ROUND) - ROUND;
            k[j] = kd;
            out[j] = v - kd * LN2_HI;
        }
        for (int j = 0; j < n; j++) {
            double hi = out[j];
            double lo = k[j] * LN2_LO;
            double r = hi - lo;
            double t = r * r;
            double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
            out[j] = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
        }
        for (int j = 0; j < n; j++) {
            double kd = k[j];
            if (kd >= -1022 && kd <= 1023) {
                out[j] = out[j] * Double.longBitsToDouble(((long) kd + 1023) << 52);
            } else {
                out[j] = scaleFar(out[j], kd);
            }
        }
    }

    /**
     * {@code y·2^k} where {@code 2^k} is not a normal double: two factors from -1076 to 1025 (results that overflow
     * or underflow gradually), {@code +∞} above and 0 below (the argument was beyond 710.8 or -746.2, including
     * infinities, for which the reduction itself gave no usable {@code y}), NaN for NaN.
     */
    private static double scaleFar(double y, double kd) {
        if (kd > 1025) {
            return Double.POSITIVE_INFINITY;
        }
        if (kd < -1076) {
            return 0.0;
        }
        if (kd != kd) {
            return Double.NaN;
        }
        long kk = (long) kd;
        long k1 = kk >> 1;
        return y * Double.longBitsToDouble((k1 + 1023) << 52) * Double.longBitsToDouble((kk - k1 + 1023) << 52);
    }

    /** {@code exp} of one value, through the same arithmetic as {@link #exp(double[], double[], double[], int)}. */
    public static double exp(double x) {
        double[] v = {x};
        exp(v, v, new double[1], 1);
        return v[0];
    }
}
