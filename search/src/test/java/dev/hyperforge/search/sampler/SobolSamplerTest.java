package dev.hyperforge.search.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Study;
import dev.hyperforge.search.internal.ScrambledSobol;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.junit.jupiter.api.Test;

class SobolSamplerTest {

    /*
     * The first 8 points of the 3-D Sobol sequence (Joe-Kuo direction numbers), from
     * /usr/bin/python3 -c "from scipy.stats import qmc; print(qmc.Sobol(d=3, scramble=False).random(8).tolist())"
     */
    private static final double[][] SCIPY_FIRST_8 = {{0.0, 0.0, 0.0}, {0.5, 0.5, 0.5}, {0.75, 0.25, 0.25},
        {0.25, 0.75, 0.75}, {0.375, 0.375, 0.625}, {0.875, 0.875, 0.125}, {0.625, 0.125, 0.875},
        {0.125, 0.625, 0.375}};

    @Test
    void unscrambledPointsAreTheLibrarysReferenceSequence() {
        ScrambledSobol plain = ScrambledSobol.unscrambled(3);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(SCIPY_FIRST_8[i], plain.point(i), 0.0, "point " + i);
        }
        SobolSequenceGenerator library = new SobolSequenceGenerator(7);
        ScrambledSobol seven = ScrambledSobol.unscrambled(7);
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(library.nextVector(), seven.point(i), 0.0, "point " + i);
        }
        assertArrayEquals(new SobolSequenceGenerator(7).skipTo(1000), seven.point(1000), 0.0);
    }

    @Test
    void scrambledPointsKeepTheNetPropertyAndMoveWithTheSeed() {
        int m = 7;
        for (long seed = 0; seed < 4; seed++) {
            double[][] points = points(ScrambledSobol.scrambled(2, seed), 1 << m);
            for (int a = 0; a <= m; a++) {
                int[] counts = new int[1 << m];
                for (double[] p : points) {
                    int i = (int) Math.floor(p[0] * (1 << a));
                    int j = (int) Math.floor(p[1] * (1 << (m - a)));
                    counts[(i << (m - a)) | j]++;
                }
                for (int c : counts) {
                    assertEquals(1, c, "seed " + seed + ": boxes of 2^-" + a + " x 2^-" + (m - a));
                }
            }
        }
        double[] a = ScrambledSobol.scrambled(2, 1).point(0);
        assertNotEquals(0.0, a[0], "the scrambled first point is not the origin");
        assertArrayEquals(a, ScrambledSobol.scrambled(2, 1).point(0), 0.0, "same seed, same point");
        assertNotEquals(a[0], ScrambledSobol.scrambled(2, 2).point(0)[0]);
    }

    /*
     * Centred L2 discrepancy reference values from
     * /usr/bin/python3 -c "import numpy as np; from scipy.stats import qmc;
     *   print(qmc.discrepancy(np.array([[0.1,0.2],[0.7,0.4],[0.35,0.9],[0.55,0.05]]), method='CD'))"
     * and the 3-D points below: 0.049747829861110926 and 0.0451163346932868.
     */
    @Test
    void centredDiscrepancyMatchesScipy() {
        assertEquals(0.049747829861110926, centredDiscrepancy(new double[][] {{0.1, 0.2}, {0.7, 0.4}, {0.35, 0.9},
            {0.55, 0.05}}), 1e-14);
        assertEquals(0.0451163346932868, centredDiscrepancy(new double[][] {{0.1, 0.2, 0.3}, {0.7, 0.4, 0.95},
            {0.35, 0.9, 0.5}, {0.55, 0.05, 0.15}, {0.8, 0.6, 0.7}}), 1e-14);
    }

    @Test
    void scrambledSobolHasLowerDiscrepancyThanRandomPoints() {
        int n = 64;
        int d = 4;
        double worstSobol = 0;
        double bestRandom = Double.POSITIVE_INFINITY;
        for (long seed = 0; seed < 8; seed++) {
            worstSobol = Math.max(worstSobol, centredDiscrepancy(points(ScrambledSobol.scrambled(d, seed), n)));
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] random = new double[n][d];
            for (double[] p : random) {
                for (int k = 0; k < d; k++) {
                    p[k] = rng.nextDouble();
                }
            }
            bestRandom = Math.min(bestRandom, centredDiscrepancy(random));
        }
        assertTrue(worstSobol < bestRandom, "worst Sobol " + worstSobol + " vs best random " + bestRandom);
    }

    @Test
    void samplerDecodesThePointOfItsTrialNumber() {
        SearchSpace space = SearchSpace.builder().add("x", FloatDistribution.linear(-1, 1))
                .add("lr", FloatDistribution.log(1e-4, 1)).build();
        Study plain = Study.builder("sobol", space).sampler(Samplers.create("sobol", "{\"scramble\":false}")).seed(3)
                .storage(new InMemoryStudyStorage()).build();
        plain.optimize(t -> t.getDouble("x"), 8, 1);
        for (int i = 0; i < 8; i++) {
            assertEquals(space.decode(Arrays.copyOf(SCIPY_FIRST_8[i], 2)),
                    plain.trials().get(i).params(), "trial " + i);
        }
        Study scrambled = Study.builder("sobol", space).sampler(new SobolSampler(SobolSampler.Settings.defaults()))
                .seed(3).storage(new InMemoryStudyStorage()).build();
        scrambled.optimize(t -> t.getDouble("x"), 4, 1);
        assertNotEquals(plain.trials().get(1).params(), scrambled.trials().get(1).params());
        assertEquals("{\"scramble\":true}", scrambled.sampler().settingsJson());
    }

    @Test
    void refusesMoreDimensionsThanTheDirectionNumbersCover() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScrambledSobol.scrambled(1001, 0));
        assertTrue(e.getMessage().contains("1001"), e.getMessage());
    }

    private static double[][] points(ScrambledSobol sequence, int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = sequence.point(i);
        }
        return out;
    }

    /** Hickernell's centred L2 discrepancy (squared), as scipy.stats.qmc.discrepancy(method='CD'). */
    static double centredDiscrepancy(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double single = 0;
        double pairs = 0;
        for (int i = 0; i < n; i++) {
            double prod = 1;
            for (int k = 0; k < d; k++) {
                double a = Math.abs(x[i][k] - 0.5);
                prod *= 1 + 0.5 * a - 0.5 * a * a;
            }
            single += prod;
            for (int j = 0; j < n; j++) {
                double q = 1;
                for (int k = 0; k < d; k++) {
                    q *= 1 + 0.5 * Math.abs(x[i][k] - 0.5) + 0.5 * Math.abs(x[j][k] - 0.5)
                            - 0.5 * Math.abs(x[i][k] - x[j][k]);
                }
                pairs += q;
            }
        }
        return Math.pow(13.0 / 12.0, d) - 2.0 / n * single + pairs / ((double) n * n);
    }
}
