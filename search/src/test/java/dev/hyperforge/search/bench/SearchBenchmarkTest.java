package dev.hyperforge.search.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
}
