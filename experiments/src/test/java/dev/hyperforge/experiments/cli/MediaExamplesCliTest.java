package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.run.DataCheck;

/**
 * The shipped image-folder and text-folder examples: their data loads and fits their models (the check
 * {@code hf tune} runs before opening the database), and a tuned run records its class names, which
 * {@code hf show} prints.
 */
class MediaExamplesCliTest {
    @Test
    void imageFolderExampleLoadsFourClassesOfSixtyPngs() {
        DataSet d = DataCheck.loadAndCheck(ExperimentFile.load(Path.of("image-folder.yaml")));
        assertEquals(List.of("ankle_boot", "sneaker", "trouser", "tshirt"), d.classNames().get("label"));
        assertArrayEquals(new long[] {192, 28, 28, 1}, d.x().get("image").shape());
        assertArrayEquals(new long[] {48, 28, 28, 1}, d.testX().get("image").shape(), "floor(0.2 · 240) validate");
        assertEquals(1f, d.x().get("image").maxNumber().floatValue(), 1e-6);
        assertEquals(0f, d.x().get("image").minNumber().floatValue());
    }

    @Test
    void textFolderExampleLoadsHamAndSpam() {
        DataSet d = DataCheck.loadAndCheck(ExperimentFile.load(Path.of("text-folder.yaml")));
        assertEquals(List.of("ham", "spam"), d.classNames().get("label"));
        assertArrayEquals(new long[] {240, 2000}, d.x().get("text").shape());
        assertArrayEquals(new long[] {60, 1}, d.testY().get("label").shape());
        double spamShare = d.y().get("label").meanNumber().doubleValue();
        assertTrue(spamShare > 0.4 && spamShare < 0.6, "both classes train: " + spamShare);
    }

    @Test
    void aTunedRunShowsItsClassNames() {
        String db = Cli.memDb("media");
        Cli.Result r = Cli.run("tune", Cli.shipped("image-folder"), "--trials", "1", "--epochs", "1", "--db", db);
        assertEquals(0, r.code(), r.toString());
        Cli.Result show = Cli.run("show", "1", "--db", db);
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("class names       label: [ankle_boot, sneaker, trouser, tshirt]"), show.out());
    }
}
