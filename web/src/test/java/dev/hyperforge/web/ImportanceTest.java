package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.web.Importance.Slim;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Importance on studies with known answers: the driving parameter ranks first, noise stays near zero. */
class ImportanceTest {

    /** lr drives the objective (an optimum at 1e-2.5, peaked in log space); units, opt and w.income are noise. */
    private static List<Slim> study(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Slim> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double lr = Math.pow(10, rnd.nextDouble(-5, 0));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("lr", lr);
            p.put("units", (long) rnd.nextInt(16, 257));
            p.put("opt", rnd.nextBoolean() ? "adam" : "sgd");
            double age = rnd.nextDouble();
            p.put("w.age", age);
            p.put("w.income", 1 - age);
            double value = Math.pow(Math.log10(lr) + 2.5, 2) + 0.05 * rnd.nextDouble();
            out.add(new Slim(i, i, value, p));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> byParam(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put((String) r.get("param"), r));
        return m;
    }

    @Test
    void withEightTrialsThePeakedDrivingParameterRanksFirst() {
        List<Map<String, Object>> rows = Importance.of(study(8, 5), Set.of("opt"));
        assertEquals("lr", rows.get(0).get("param"), rows.toString());
        double lr = (Double) rows.get(0).get("importance");
        assertTrue(lr > 0.8, "lr explains the objective's ranks: " + rows);
        assertEquals("peaked", rows.get(0).get("shape"), "an optimum in the middle of the range");
        assertEquals(8, rows.get(0).get("trials"));
        for (Map<String, Object> r : rows) {
            double v = (Double) r.get("importance");
            assertTrue((Double) r.get("low") <= v && v <= (Double) r.get("high"), "interval holds the score: " + r);
        }
    }

    @Test
    void withFortyTrialsNoiseParametersScoreNearZero() {
        Map<String, Map<String, Object>> rows = byParam(Importance.of(study(40, 9), Set.of("opt")));
        assertTrue((Double) rows.get("lr").get("importance") > 0.9, rows.toString());
        for (String noise : List.of("units", "opt", "w.age", "w.income")) {
            assertTrue((Double) rows.get(noise).get("importance") < 0.3, noise + ": " + rows.get(noise));
        }
        assertEquals("categorical", rows.get("opt").get("shape"));
    }

    @Test
    void allDistinctValuesOfAMonotoneParameterScoreTheirRankCorrelation() {
        // the defect of the binned measure: 8 distinct values scored 0 although rho was 0.93
        List<Slim> runs = new ArrayList<>();
        double[] lr = {1e-4, 3e-4, 1e-3, 2e-3, 5e-3, 1e-2, 3e-2, 1e-1};
        double[] value = {0.9, 0.85, 0.8, 0.82, 0.6, 0.5, 0.45, 0.3};
        for (int i = 0; i < lr.length; i++) {
            runs.add(new Slim(i, i, value[i], Map.of("lr", lr[i])));
        }
        Map<String, Object> row = Importance.of(runs, Set.of()).get(0);
        double rho = 1 - 6 * 2.0 / (8 * 63); // one swapped pair: rho = 0.976
        double adjusted = Math.sqrt(1 - (1 - rho * rho) * 7 / 6);
        assertEquals(adjusted, (Double) row.get("importance"), 1e-9);
        assertEquals("monotone", row.get("shape"));
    }

    @Test
    void aCategoricalWhoseChoicesSplitTheObjectiveScoresHigh() {
        List<Slim> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long batch = List.of(32L, 16L, 48L).get(i % 3);
            runs.add(new Slim(i, i, batch == 16 ? 1 + i * 0.01 : i * 0.01, Map.of("batch", batch)));
        }
        Map<String, Object> row = Importance.of(runs, Set.of("batch")).get(0);
        assertEquals("categorical", row.get("shape"));
        assertTrue((Double) row.get("importance") > 0.7, row.toString());
    }

    @Test
    void aLargeStudyIsRankedOnASeededSampleThatDependsOnlyOnTheRunIds() {
        List<Slim> runs = study(12_000, 11);
        List<Slim> sample = Importance.sample(runs, Importance.MAX_SAMPLE);
        assertEquals(Importance.MAX_SAMPLE, sample.size());
        assertEquals(Importance.MAX_SAMPLE, sample.stream().map(Slim::id).distinct().count());
        // the same ids give the same sample whatever their order, and the sample keeps the given order
        List<Slim> shuffled = new ArrayList<>(runs);
        java.util.Collections.shuffle(shuffled, new java.util.Random(3));
        assertEquals(sample.stream().map(Slim::id).sorted().toList(),
                Importance.sample(shuffled, Importance.MAX_SAMPLE).stream().map(Slim::id).sorted().toList());
        assertEquals(sample.stream().map(Slim::number).sorted().toList(), sample.stream().map(Slim::number).toList());
        // a study within the limit is ranked whole
        List<Slim> small = study(40, 2);
        assertEquals(small, Importance.sample(small, Importance.MAX_SAMPLE));
        // the ranking of the sample is deterministic and still finds the driving parameter
        List<Map<String, Object>> rows = Importance.of(sample, Set.of("opt"));
        assertEquals(rows, Importance.of(Importance.sample(runs, Importance.MAX_SAMPLE), Set.of("opt")));
        assertEquals("lr", rows.get(0).get("param"));
        assertEquals(Importance.MAX_SAMPLE, rows.get(0).get("trials"));
        assertTrue((Double) byParam(rows).get("units").get("importance") < 0.1, rows.toString());
    }

    @Test
    void ranksOfAResampleAreTheAverageRanksOfItsValuesWithTiesSharingTheirMean() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int levels : new int[] {1, 2, 7, 40, 5000}) {
            int[] keys = rnd.ints(300, 0, levels).toArray();
            for (int m : new int[] {1, 5, 300, 2000}) { // fewer picks than keys (sorted) and more (counted)
                int[] pick = rnd.ints(m, 0, keys.length).toArray();
                double[] r = Importance.ranks(keys, levels, pick);
                for (int i = 0; i < m; i++) {
                    int below = 0;
                    int tied = 0;
                    for (int j : pick) {
                        below += keys[j] < keys[pick[i]] ? 1 : 0;
                        tied += keys[j] == keys[pick[i]] ? 1 : 0;
                    }
                    assertEquals(below + (tied - 1) / 2.0, r[i], "pick " + i + " of " + m + ", " + levels + " keys");
                }
            }
        }
    }

    @Test
    void minusZeroTiesWithZeroAndTheSampleIsTheSmallestKeys() {
        List<Slim> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("x", i % 2 == 0 ? -0.0 : 0.0);
            runs.add(new Slim(i, i, i % 2, p)); // were -0.0 apart from 0.0, x would explain it fully
        }
        assertEquals(0.0, Importance.of(runs, Set.of()).get(0).get("importance"), "-0.0 and 0.0 are one value: nothing explained");
        Importance.Sample s = Importance.sampled(runs, 10);
        assertEquals(10, s.runs().size());
        long inside = runs.stream().filter(r -> dev.hyperforge.tracker.SampleKey.of(r.id()) <= s.maxKey()).count();
        assertEquals(10, inside, "the sample is exactly the runs whose key is at most its largest");
        assertEquals(Long.MAX_VALUE, Importance.sampled(runs, 40).maxKey(), "every trial when the study is small");
    }
}
