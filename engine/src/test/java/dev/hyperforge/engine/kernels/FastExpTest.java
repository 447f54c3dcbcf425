package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link FastExp} against {@code Math.exp}: within two double ulps on a million inputs over the whole range
 * (overflow, underflow to subnormals and 0), the same special values, and the sigmoid and tanh the V2 gates
 * build on it within 1e-12 relative of the {@code Math.exp} ones (a float's ulp is 6e-8 relative).
 */
class FastExpTest {
    @Test
    void agreesWithMathExpWithinTwoUlpsOverTheWholeRange() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 1 << 20;
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = switch (j % 4) {
                case 0 -> rnd.nextDouble(-760, 720);
                case 1 -> rnd.nextGaussian() * 4;
                case 2 -> rnd.nextDouble(-1e-3, 1e-3);
                default -> rnd.nextDouble(-745.2, -700);
            };
        }
        double[] e = new double[n];
        FastExp.exp(x, e, new double[n], n);
        int differing = 0;
        for (int j = 0; j < n; j++) {
            double ref = Math.exp(x[j]);
            double ulps = e[j] == ref ? 0 : Math.abs(e[j] - ref) / Math.ulp(ref);
            assertTrue(ulps <= 2, "exp(" + x[j] + "): " + e[j] + " vs Math.exp " + ref);
            differing += e[j] == ref ? 0 : 1;
        }
        assertTrue(differing > 0 && differing < n / 4, differing + " of " + n + " differ in the last bit");
    }

    @Test
    void specialValuesAsMathExp() {
        double[] x = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 709.78, 709.79, 710, 1e300,
            Double.MAX_VALUE, -745.13, -745.14, -746, -1e300, -Double.MAX_VALUE, 0.0, -0.0, 1e-300, -1e-300};
        for (double v : x) {
            assertEquals(Math.exp(v), FastExp.exp(v), "exp(" + v + ")");
        }
    }

    @Test
    void sigmoidAndTanhOnItStayWithin1e12OfTheMathExpOnes() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int j = 0; j < 200_000; j++) {
            double z = j % 2 == 0 ? rnd.nextGaussian() * 6 : rnd.nextDouble(-800, 800);
            double sigmoid = 1.0 / (1.0 + FastExp.exp(-z));
            assertEquals(LstmKernel.sigmoid(z), sigmoid, 1e-12 * LstmKernel.sigmoid(z), "sigmoid(" + z + ")");
            double tanh = LstmKernel.tanhOf(z, FastExp.exp(-2 * Math.abs(z)));
            assertEquals(LstmKernel.tanh(z), tanh, 1e-12 * Math.abs(LstmKernel.tanh(z)), "tanh(" + z + ")");
        }
        for (double z : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-5, -3e-4, 0.0}) {
            assertEquals(LstmKernel.sigmoid(z), 1.0 / (1.0 + FastExp.exp(-z)), "sigmoid(" + z + ")");
            assertEquals(LstmKernel.tanh(z), LstmKernel.tanhOf(z, FastExp.exp(-2 * Math.abs(z))), "tanh(" + z + ")");
        }
    }

    @Test
    void levelsParseAndUnknownOnesAreNamed() {
        assertEquals(Numerics.V1, Numerics.parse("1", "-Dhf.numerics"));
        assertEquals(Numerics.V2, Numerics.parse("V2", "-Dhf.numerics"));
        assertEquals(Numerics.V2, Numerics.of(2));
        assertEquals(Numerics.V3, Numerics.parse("v3", "-Dhf.numerics"));
        assertEquals(Numerics.V4, Numerics.parse("4", "-Dhf.numerics"));
        assertEquals(Numerics.V5, Numerics.parse("v5", "-Dhf.numerics"));
        assertEquals(Numerics.V6, Numerics.parse("6", "-Dhf.numerics"));
        assertEquals(Numerics.V6, Numerics.LATEST);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numerics.parse("fast", "-Dhf.numerics"));
        assertTrue(e.getMessage().contains("-Dhf.numerics=fast is not a numerics level"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Numerics.of(9));
        assertTrue(e.getMessage().contains("numerics level 9 is unknown"), e.getMessage());
        assertTrue(Numerics.V2.atLeast(Numerics.V1) && !Numerics.V1.atLeast(Numerics.V2));
        assertTrue(Numerics.V3.atLeast(Numerics.V2) && !Numerics.V2.atLeast(Numerics.V3));
        assertTrue(Numerics.V4.atLeast(Numerics.V3) && !Numerics.V3.atLeast(Numerics.V4));
        assertTrue(Numerics.V5.atLeast(Numerics.V4) && !Numerics.V4.atLeast(Numerics.V5));
        assertTrue(Numerics.V6.atLeast(Numerics.V5) && !Numerics.V5.atLeast(Numerics.V6));
        e = assertThrows(IllegalArgumentException.class, () -> Numerics.parse("7", "-Dhf.numerics"));
        assertTrue(e.getMessage().endsWith("use 1 to 6 (or v1 to v6)"), e.getMessage());
    }
}
