package dev.hyperforge.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;

/** The experiment file's search section becomes the search module's space with the same rules. */
class SearchSpacesTest {
    @Test
    void aFloatWithAStepIsSampledOnItsGridAndRecordedWithIt() {
        Experiment e = ExperimentFile.load(Path.of("fashion-cnn.yaml"), false);
        SearchSpace space = SearchSpaces.space(e);
        FloatDistribution d = (FloatDistribution) space.parameter("dropout").distribution();
        assertEquals(0.1, d.step());
        TreeSet<Object> seen = new TreeSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 500; i++) {
            seen.add(space.sample(rng).get("dropout"));
        }
        assertEquals(new TreeSet<>(List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)), seen);
        Map<String, String> json = SearchSpaces.distributionsJson(e);
        assertEquals("{\"type\":\"float\",\"low\":0.0,\"high\":0.6,\"log\":false,\"step\":0.1,\"default\":0.4}", json.get("dropout"));
        assertTrue(d.contains(0.4), "the file's default is on the grid");
    }
}
