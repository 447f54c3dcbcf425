package dev.hyperforge.search.internal;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The Sobol low-discrepancy sequence of Apache Commons Math ({@link SobolSequenceGenerator}, Joe and Kuo's direction
 * numbers, up to {@value #MAX_DIMENSION} dimensions), optionally randomised by a linear matrix scramble and a digital
 * shift (Matoušek): each coordinate's 52 binary digits are multiplied by a random lower-triangular matrix with unit
 * diagonal (every digit is XOR-ed with a random subset of the more significant ones) and XOR-ed with random digits.
 * Both steps are bijections on each digit prefix, so a scrambled sequence keeps the net property of the original
 * (each of the first {@code 2^m} points in its own elementary box) while its points are no longer on the dyadic
 * grid and differ from seed to seed. The sequence is a pure function of (dimension, seed, index).
 *
 * <pre>{@code
 * ScrambledSobol s = ScrambledSobol.scrambled(3, 42);
 * double[] u = s.point(17);    // the 18th point of the scrambled sequence, in [0,1)^3
 * }</pre>
 */
public final class ScrambledSobol {

    /** The largest dimension Commons Math's direction numbers cover. */
    public static final int MAX_DIMENSION = 1000;
    static final int BITS = 52;
    private static final double SCALE = 0x1p52;
    private static final long DIGITS = (1L << BITS) - 1;
    private static final Map<Integer, SobolSequenceGenerator> GENERATORS = new ConcurrentHashMap<>();

    private final int dimension;
    private final long[][] rows;
    private final long[] shifts;

    private ScrambledSobol(int dimension, long[][] rows, long[] shifts) {
        this.dimension = dimension;
        this.rows = rows;
        this.shifts = shifts;
    }

    /**
     * @param dimension coordinates per point, 1 to {@value #MAX_DIMENSION}
     * @return the plain Sobol sequence (the first point is the origin)
     */
    public static ScrambledSobol unscrambled(int dimension) {
        checkDimension(dimension);
        return new ScrambledSobol(dimension, null, null);
    }

    /**
     * @param dimension coordinates per point, 1 to {@value #MAX_DIMENSION}
     * @param seed seed of the scrambling matrices and shifts
     * @return the linearly scrambled and digitally shifted sequence
     */
    public static ScrambledSobol scrambled(int dimension, long seed) {
        checkDimension(dimension);
        SplittableRandom rng = new SplittableRandom(seed);
        long[][] rows = new long[dimension][BITS];
        long[] shifts = new long[dimension];
        for (int j = 0; j < dimension; j++) {
            for (int b = 0; b < BITS; b++) {
                long moreSignificant = DIGITS & ~((1L << (b + 1)) - 1);
                rows[j][b] = (1L << b) | (rng.nextLong() & moreSignificant);
            }
            shifts[j] = rng.nextLong() & DIGITS;
        }
        return new ScrambledSobol(dimension, rows, shifts);
    }

    private static void checkDimension(int dimension) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("the Sobol sequence covers 1 to " + MAX_DIMENSION
                    + " dimensions, received " + dimension + "; use the random or lhs sampler for larger spaces");
        }
    }

    /** @return coordinates per point */
    public int dimension() {
        return dimension;
    }

    /**
     * @param index the point's position in the sequence, at least 0
     * @return the point, each coordinate in [0, 1)
     */
    public double[] point(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Sobol index must be >= 0, received " + index);
        }
        double[] u = reference(dimension, index);
        if (rows == null) {
            return u;
        }
        for (int j = 0; j < dimension; j++) {
            long x = (long) (u[j] * SCALE);
            long y = 0;
            for (int b = 0; b < BITS; b++) {
                y |= (long) (Long.bitCount(x & rows[j][b]) & 1) << b;
            }
            u[j] = (y ^ shifts[j]) / SCALE;
        }
        return u;
    }

    /**
     * @param dimension coordinates per point
     * @param index position in the sequence
     * @return Commons Math's unscrambled point at {@code index} (a fresh array)
     */
    static double[] reference(int dimension, int index) {
        SobolSequenceGenerator generator = GENERATORS.computeIfAbsent(dimension, SobolSequenceGenerator::new);
        synchronized (generator) {
            return generator.skipTo(index);
        }
    }
}
