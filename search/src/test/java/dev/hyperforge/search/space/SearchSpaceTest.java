package dev.hyperforge.search.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static final int N = 20_000;

    private static SearchSpace space() {
        return SearchSpace.builder()
                .add("lr", FloatDistribution.log(1e-4, 1e-1))
                .add("dropout", FloatDistribution.linear(0.0, 0.5))
                .add("layers", IntDistribution.linear(1, 4))
                .add("units_3", IntDistribution.stepped(16, 256, 16), Condition.atLeast("layers", 3))
                .add("batch", IntDistribution.log(8, 512))
                .add("act", CategoricalDistribution.of("relu", "gelu", "tanh"))
                .add("momentum", FloatDistribution.linear(0.5, 0.99), Condition.oneOf("act", "tanh"))
                .add("w", new SimplexDistribution(3, 2.0))
                .build();
    }

    @Test
    void everyDistributionSamplesInsideItsBoundsAndConditionsHold() {
        SearchSpace space = space();
        SplittableRandom rng = new SplittableRandom(1);
        int units3Active = 0;
        int momentumActive = 0;
        int tanh = 0;
        for (int i = 0; i < N; i++) {
            Map<String, Object> p = space.sample(rng);
            for (SearchSpace.Parameter param : space.parameters()) {
                if (p.containsKey(param.name())) {
                    assertTrue(param.distribution().contains(p.get(param.name())), param.name() + "=" + p);
                }
            }
            int layers = (Integer) p.get("layers");
            assertEquals(layers >= 3, p.containsKey("units_3"), p.toString());
            assertEquals("tanh".equals(p.get("act")), p.containsKey("momentum"), p.toString());
            units3Active += p.containsKey("units_3") ? 1 : 0;
            momentumActive += p.containsKey("momentum") ? 1 : 0;
            tanh += "tanh".equals(p.get("act")) ? 1 : 0;
            assertEquals(p, space.validate(p));
        }
        assertEquals(0.5, units3Active / (double) N, 0.02);
        assertEquals(1 / 3.0, momentumActive / (double) N, 0.02);
        assertEquals(momentumActive, tanh);
    }

    @Test
    void logFloatIsUniformInLogSpace() {
        FloatDistribution d = FloatDistribution.log(1e-4, 1e-1);
        SplittableRandom rng = new SplittableRandom(2);
        int belowMillis = 0;
        for (int i = 0; i < N; i++) {
            double v = (Double) d.fromUnit(new double[] {rng.nextDouble()}, 0);
            assertTrue(v >= 1e-4 && v <= 1e-1);
            belowMillis += v < 1e-3 ? 1 : 0;
        }
        assertEquals(1 / 3.0, belowMillis / (double) N, 0.02); // one decade of three
    }

    @Test
    void intGridValuesAreEquallyLikely() {
        IntDistribution d = IntDistribution.stepped(16, 256, 16);
        int[] counts = new int[d.size()];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < N; i++) {
            int v = (Integer) d.fromUnit(new double[] {rng.nextDouble()}, 0);
            assertEquals(0, (v - 16) % 16);
            counts[(v - 16) / 16]++;
        }
        double expected = N / (double) d.size();
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 40, "chi2=" + chi2); // 14 degrees of freedom, p ~ 1e-4
    }

    @Test
    void steppedFloatSamplesEveryGridValueEquallyOftenAndNothingElse() {
        FloatDistribution d = FloatDistribution.stepped(0.0, 0.6, 0.1);
        assertEquals(7, d.size());
        assertFalse(d.continuous());
        List<Double> grid = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        int[] counts = new int[7];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < N; i++) {
            Object v = d.fromUnit(new double[] {rng.nextDouble()}, 0);
            int k = grid.indexOf(v);
            assertTrue(k >= 0, "off the grid: " + v);
            counts[k]++;
            double[] u = new double[1];
            d.toUnit(v, u, 0);
            assertEquals(v, d.fromUnit(u, 0));
        }
        double expected = N / 7.0;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 25, "chi2=" + chi2); // 6 degrees of freedom, p ~ 3e-4
        assertTrue(d.contains(0.30000000000000004));
        assertEquals(0.3, d.canonical(0.30000000000000004));
        assertFalse(d.contains(0.15));
        assertFalse(d.contains(0.7));
        assertEquals(List.of(0.0, 0.25, 0.5), List.of(FloatDistribution.stepped(0.0, 0.6, 0.25).gridValue(0),
                FloatDistribution.stepped(0.0, 0.6, 0.25).gridValue(1), FloatDistribution.stepped(0.0, 0.6, 0.25).gridValue(2)));
        assertEquals(3, FloatDistribution.stepped(0.0, 0.6, 0.25).size());
        assertThrows(IllegalArgumentException.class, () -> new FloatDistribution(1e-3, 1.0, true, 0.1));
        assertThrows(IllegalArgumentException.class, () -> FloatDistribution.stepped(0.0, 1.0, 0.0));
    }

    @Test
    void logIntCoversEndsAndFavoursSmallValues() {
        IntDistribution d = IntDistribution.log(1, 100);
        SplittableRandom rng = new SplittableRandom(4);
        int small = 0;
        boolean sawLow = false;
        boolean sawHigh = false;
        for (int i = 0; i < N; i++) {
            int v = (Integer) d.fromUnit(new double[] {rng.nextDouble()}, 0);
            assertTrue(v >= 1 && v <= 100);
            small += v <= 10 ? 1 : 0;
            sawLow |= v == 1;
            sawHigh |= v == 100;
        }
        assertTrue(sawLow && sawHigh);
        assertTrue(small > N * 0.4, "small=" + small);
    }

    @Test
    void simplexWeightsSumToTotalWithFlatDirichletMoments() {
        SimplexDistribution d = new SimplexDistribution(4, 2.0);
        SplittableRandom rng = new SplittableRandom(5);
        double[] mean = new double[4];
        double firstSq = 0;
        for (int i = 0; i < N; i++) {
            double[] u = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble()};
            @SuppressWarnings("unchecked")
            List<Double> w = (List<Double>) d.fromUnit(u, 0);
            assertTrue(d.contains(w), w.toString());
            for (int k = 0; k < 4; k++) {
                mean[k] += w.get(k) / N;
            }
            firstSq += Math.pow(w.get(0) / 2.0, 2) / N;
            double[] back = new double[3];
            d.toUnit(w, back, 0);
            for (int k = 0; k < 3; k++) {
                assertEquals(u[k], back[k], 1e-9);
            }
        }
        for (double m : mean) {
            assertEquals(0.5, m, 0.01); // E[w_k] = total / k
        }
        // Dirichlet(1,1,1,1): E[x^2] = a(a+1)/(A(A+1)) = 2/20
        assertEquals(0.1, firstSq, 0.005);
    }

    @Test
    void encodeDecodeRoundTrips() {
        SearchSpace space = space();
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < 500; i++) {
            Map<String, Object> p = space.sample(rng);
            Map<String, Object> back = space.decode(space.encode(p));
            assertEquals(p.keySet(), back.keySet());
            for (String k : p.keySet()) {
                if (p.get(k) instanceof Double x) {
                    assertEquals(x, (Double) back.get(k), 1e-9 * Math.max(1, Math.abs(x)));
                } else if (!(p.get(k) instanceof List)) {
                    assertEquals(p.get(k), back.get(k), k);
                }
            }
        }
        assertEquals(space.featureDimension(), space.features(space.sample(rng)).length);
    }

    @Test
    void invalidArgumentsNameTheRuleAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FloatDistribution.log(0.0, 1.0));
        assertTrue(e.getMessage().contains("low > 0") && e.getMessage().contains("low=0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IntDistribution(5, 1, 1, false));
        assertTrue(e.getMessage().contains("low=5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SimplexDistribution(1, 1.0));
        assertTrue(e.getMessage().contains("size >= 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder()
                .add("u", IntDistribution.linear(1, 2), Condition.atLeast("layers", 3)));
        assertTrue(e.getMessage().contains("'layers'"), e.getMessage());
        SearchSpace space = space();
        e = assertThrows(IllegalArgumentException.class, () -> space.validate(Map.of("lr", 5.0)));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertFalse(new IntDistribution(0, 10, 2, false).contains(3));
    }
}
