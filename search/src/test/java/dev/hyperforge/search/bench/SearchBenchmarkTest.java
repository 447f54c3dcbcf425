package dev.hyperforge.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import dev.hyperforge.search.space.IntDistribution;
import org.junit.jupiter.api.Test;

class SearchBenchmarkTest {

    @Test
    void printsTheColumnsOfTheOptunaPeer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchBenchmark.run(List.of("branin"), List.of("random", "bayes"), 12, 2,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("function\tsampler\tregret@10\tms_per_trial".replace("ms_per", "regret@12\tms_per"), lines[0]);
        assertEquals(3, lines.length);
        for (int i = 1; i < 3; i++) {
            String[] cols = lines[i].split("\t");
            assertEquals(5, cols.length, lines[i]);
            assertTrue(Double.parseDouble(cols[2]) >= 0);
            assertTrue(cols[4].matches("\\d+\\.\\d\\d"), cols[4]);
        }
    }

    @Test
    void withSeveralWorkersTheStudySeesPendingTrialsAndOneWorkerIsTheSequentialRun() {
        TestFunctions.TestFunction branin = TestFunctions.ALL.get("branin");
        double[] sequential = SearchBenchmark.runOne(branin, SearchBenchmark.sampler("bayes"), 12, 3);
        double[] one = SearchBenchmark.runOne(branin, SearchBenchmark.sampler("bayes"), 12, 3,
                SearchBenchmark.Via.API, 1);
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOf(sequential, 12), java.util.Arrays.copyOf(one, 12)));
        double[] four = SearchBenchmark.runOne(branin, SearchBenchmark.sampler("bayes"), 12, 3,
                SearchBenchmark.Via.API, 4);
        for (int i = 1; i < 12; i++) {
            assertTrue(four[i] <= four[i - 1], "best so far never rises");
        }
        assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOf(sequential, 12), java.util.Arrays.copyOf(four, 12)),
                "pending trials change the GP's suggestions");
        assertThrows(IllegalArgumentException.class, () -> SearchBenchmark.run(List.of("branin"), List.of("bayes"), 5, 1,
                SearchBenchmark.Via.API, 0, System.out));
    }

    @Test
    void timesTheRequestedNumberOfGpSuggestionsAfterTheFinishedTrials() {
        for (boolean fromStart : new boolean[] {true, false}) {
            double[] ms = SearchBenchmark.suggestionMillis("branin", 6, 3, fromStart, 0);
            assertEquals(3, ms.length);
            for (double m : ms) {
                assertTrue(m > 0 && Double.isFinite(m), java.util.Arrays.toString(ms));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchBenchmark.printSuggestionTime("branin", 6, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals(2, lines.length, bytes.toString());
        assertTrue(lines[0].matches("bayes suggestion time at 6 finished trials \\(branin, GP from the start, 20"
                + " suggestions\\): median [0-9.]+ ms, first [0-9.]+ ms, max [0-9.]+ ms; thread CPU median [0-9.]+ ms,"
                + " first [0-9.]+ ms, max [0-9.]+ ms"), lines[0]);
        assertTrue(lines[1].contains("first fit cold after a Latin hypercube"), lines[1]);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SearchBenchmark.suggestionMillis("nope", 6, 3, true, 0));
    }

    @Test
    void formatsNumbersLikePythonsGeneralFormat() {
        assertEquals("0.5998", SearchBenchmark.formatG(0.59984));
        assertEquals("3.484e-05", SearchBenchmark.formatG(3.4841e-05));
        assertEquals("98.49", SearchBenchmark.formatG(98.4912));
        assertEquals("1.235e+04", SearchBenchmark.formatG(12345.6));
        assertEquals("0.0001", SearchBenchmark.formatG(0.0001));
        assertEquals("2", SearchBenchmark.formatG(2.0));
    }

    @Test
    void testFunctionsHaveTheirKnownMinima() {
        assertEquals(0.397887, TestFunctions.branin(new double[] {Math.PI, 2.275}), 1e-5);
        assertEquals(-3.32237, TestFunctions.hartmann6(new double[] {0.20169, 0.150011, 0.476874, 0.275332,
            0.311652, 0.6573}), 1e-5);
        assertEquals(0.0, TestFunctions.rosenbrock4(new double[] {1, 1, 1, 1}), 0.0);
    }

    /*
     * Reference values computed once from shared/bench/optuna_peer.py with:
     * /usr/bin/python3 -c "import sys; sys.argv=['x']; sys.path.insert(0,'../shared/bench'); import optuna_peer as o;
     *   print(repr(o.mlp6({...})), repr(o.cond4({...})), repr(o.levy([...])))"   (the points below, in order)
     */
    @Test
    void mixedFunctionsGiveThePythonPeersValues() {
        assertEquals(0.08, MixedFunctions.mlp6(Map.of("lr", 1e-3, "batch", 64, "units", 256, "layers", 3,
                "activation", "relu", "dropout", 0.2)), 1e-15);
        assertEquals(0.2156547326599633, MixedFunctions.mlp6(Map.of("lr", 3.7e-4, "batch", 16, "units", 45,
                "layers", 5, "activation", "tanh", "dropout", 0.55)), 1e-14);
        assertEquals(0.2475721527410321, MixedFunctions.mlp6(Map.of("lr", 0.02, "batch", 256, "units", 1024,
                "layers", 1, "activation", "sigmoid", "dropout", 0.0)), 1e-14);
        assertEquals(0.09, MixedFunctions.cond4(Map.of("optimizer", "adam", "adam_lr", 1e-3, "beta2", 0.999)), 1e-14);
        assertEquals(0.28158356250501904, MixedFunctions.cond4(Map.of("optimizer", "sgd", "sgd_lr", 0.05,
                "momentum", 0.3)), 1e-14);
        assertEquals(0.2503938301452207, MixedFunctions.cond4(Map.of("optimizer", "adam", "adam_lr", 2.5e-5,
                "beta2", 0.95)), 1e-14);
        assertEquals(0.0, TestFunctions.levy(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}), 1e-30);
        assertEquals(123.97511822093098, TestFunctions.levy(new double[] {-3.5, 2.25, 0.0, 7.0, -9.9, 1.5, 4.0,
            -1.0, 8.8, -6.2}), 1e-11);
    }

    @Test
    void mixedSpacesHoldTheirMinimaAndEveryKindOfParameter() {
        TestFunctions.TestFunction mlp6 = TestFunctions.ALL.get("mlp6");
        Map<String, Object> best = Map.of("lr", 1e-3, "batch", 64, "units", 256, "layers", 3, "activation", "relu",
                "dropout", 0.2);
        assertEquals(mlp6.optimum(), mlp6.objective().applyAsDouble(mlp6.space().validate(best)), 1e-15);
        assertTrue(mlp6.space().parameter("units").distribution() instanceof IntDistribution d && d.log());
        TestFunctions.TestFunction cond4 = TestFunctions.ALL.get("cond4");
        assertThrows(IllegalArgumentException.class, () -> cond4.space().validate(Map.of("optimizer", "adam",
                "adam_lr", 1e-3, "beta2", 0.999, "momentum", 0.5)), "an sgd parameter is inactive under adam");
        for (int seed = 0; seed < 50; seed++) {
            Map<String, Object> p = cond4.space().sample(new SplittableRandom(seed));
            assertTrue(cond4.objective().applyAsDouble(p) >= cond4.optimum(), p.toString());
            assertEquals(3, p.size(), p.toString());
        }
        assertEquals(10, TestFunctions.ALL.get("levy10").space().parameters().size());
    }

    @Test
    void runsTheMixedFunctionsWithBudgetsUpToTwoHundred() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SearchBenchmark.run(List.of("mlp6", "cond4"), List.of("random", "sobol"), 200, 1,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("function\tsampler\tregret@10\tregret@25\tregret@50\tregret@100\tregret@200\tms_per_trial",
                lines[0]);
        assertEquals(5, lines.length);
        for (int i = 1; i < 5; i++) {
            String[] cols = lines[i].split("\t");
            double at10 = Double.parseDouble(cols[2]);
            double at200 = Double.parseDouble(cols[6]);
            assertTrue(at200 >= 0 && at200 <= at10, lines[i]);
        }
    }
}
