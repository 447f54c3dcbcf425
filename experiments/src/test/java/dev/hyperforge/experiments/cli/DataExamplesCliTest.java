package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.run.DataCheck;

/** The bring-your-own-data examples (csv-regression, csv-classification, npy-classifier): their data and a tiny tune. */
class DataExamplesCliTest {
    static DataSet data(String name) {
        return DataCheck.loadAndCheck(ExperimentFile.load(Path.of(name + ".yaml")));
    }

    @Test
    void theExamplesLoadTheirFilesWithTheDocumentedShapes() {
        DataSet reg = data("csv-regression");
        assertArrayEquals(new long[] {506, 13}, reg.x().get("features").shape());
        assertEquals(24.0f, reg.y().get("medv").getFloat(0, 0), 1e-6, "first row of data/boston.csv");
        DataSet cls = data("csv-classification");
        assertArrayEquals(new long[] {506, 24}, cls.x().get("features").shape(), "11 numbers + river (1 + 2) + highway (1 + 9)");
        assertArrayEquals(new long[] {506, 3}, cls.y().get("band").shape());
        assertTrue(cls.description().contains("classes band: 3"), cls.description());
        DataSet npy = data("npy-classifier");
        assertArrayEquals(new long[] {1000, 28, 28}, npy.x().get("image").shape());
        assertArrayEquals(new long[] {200, 1}, npy.testY().get("label").shape());
        assertTrue(npy.description().startsWith("npy: image <- data/fashion-x-train.npy (1000, 28, 28) uint8"), npy.description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv-regression", "csv-classification", "npy-classifier"})
    void tunesTwoTrials(String name) {
        Cli.Result r = Cli.run("tune", Cli.shipped(name), "--trials", "2", "--epochs", "1", "--db", Cli.memDb(name));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Leaderboard of study '" + name + "-"), r.toString());
    }
}
