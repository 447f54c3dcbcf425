package dev.hyperforge.search.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.sampler.Samplers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The GP sampler driven through a command objective (the test function as an external program, parameters as
 * JSON on stdin, the value read back from its output) finds exactly what it finds through the Java API: the same
 * best-so-far values, hence the same regret, trial by trial, for each seed.
 */
class SearchViaCommandTest {

    @Test
    void theGpSamplersRegretThroughACommandEqualsItsRegretThroughTheJavaApi() {
        TestFunctions.TestFunction branin = TestFunctions.ALL.get("branin");
        int trials = 9; // 5 Latin-hypercube trials, then 4 GP suggestions that depend on the values told
        for (long seed = 0; seed < 2; seed++) {
            double[] api = Arrays.copyOf(SearchBenchmark.runOne(branin, Samplers.create("gp", "{}"), trials, seed,
                    SearchBenchmark.Via.API), trials);
            double[] command = Arrays.copyOf(SearchBenchmark.runOne(branin, Samplers.create("gp", "{}"), trials, seed,
                    SearchBenchmark.Via.COMMAND), trials);
            assertArrayEquals(api, command, "seed " + seed + ": best-so-far values through the API and through a command");
            assertTrue(api[trials - 1] - branin.optimum() >= 0);
        }
    }
}
