package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void intTokenIdsFeedAnEmbedding(@TempDir Path dir) throws IOException {
        String yaml = "name: text-ids\ndata:\n  loader: text\n  options: {path: " + Path.of("data/spam-mail").toAbsolutePath()
                + ", max_tokens: 500, output_sequence_length: 40, label_mode: binary, validation: 0.2}\n  split: {test: true}\n"
                + "model:\n  inputs:\n    - {name: text, shape: [40]}\n  layers:\n"
                + "    - {name: embed, type: Embedding, args: {input_dim: 500, output_dim: \"${dim}\"}}\n"
                + "    - {name: pool, type: GlobalAveragePooling1D}\n"
                + "    - {name: label, type: Dense, args: {units: 1, activation: sigmoid}}\n"
                + "compile:\n  optimizer: {type: adam, learning_rate: 0.01}\n  loss: binary_crossentropy\n  metrics: [accuracy]\n"
                + "fit: {epochs: 2, batch_size: 32}\n"
                + "search:\n  space:\n    dim: {type: int, low: 8, high: 16}\n  objective: {metric: val_accuracy, direction: max}\n";
        Path file = dir.resolve("text-ids.yaml");
        Files.writeString(file, yaml);
        Cli.Result r = Cli.run("tune", file.toString(), "--trials", "1", "--db", Cli.memDb("ids"));
        assertEquals(0, r.code(), r.toString());
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
