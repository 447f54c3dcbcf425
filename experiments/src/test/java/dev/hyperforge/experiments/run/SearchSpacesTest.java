package dev.hyperforge.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ParamSpec;
import dev.hyperforge.search.space.SearchSpace;

/** An experiment's search section as the search module sees it. */
class SearchSpacesTest {
    @Test
    void aFloatWithAStepIsSearchedOnItsGridOnly() throws Exception {
        Experiment e = ExperimentFile.load(Path.of("fashion-cnn.yaml"));
        SearchSpace space = SearchSpaces.space(e);
        List<Double> grid = List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            Map<String, Object> p = space.sample(rng);
            assertTrue(grid.contains(((Number) p.get("dropout")).doubleValue()), "dropout " + p.get("dropout") + " off the 0.1 grid");
            double lr = ((Number) p.get("lr")).doubleValue();
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr stays continuous in its range: " + lr);
        }
        assertEquals(0.4, e.defaultParams().get("dropout"));
    }

    private static ParamSpec stepped(double low, double high, double step) {
        return new ParamSpec("w", ParamSpec.Kind.FLOAT, low, high, false, step, null, null, 0, null, null);
    }

    @Test
    void gridsAreDecimalAndBounded() {
        ParamSpec p = stepped(0.0, 0.35, 0.1);
        assertEquals(List.of(0.0, 0.1, 0.2, 0.3), p.floatGrid());
        var tooFine = assertThrows(IllegalArgumentException.class, () -> stepped(0.0, 1.0, 0.001));
        assertTrue(tooFine.getMessage().contains("1001 grid points"), tooFine.getMessage());
    }
}
