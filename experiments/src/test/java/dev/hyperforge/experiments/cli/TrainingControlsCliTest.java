package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiments/training-controls.yaml (regularizers, AdamW + schedule, class_weight, CSVLogger) tunes through hf. */
class TrainingControlsCliTest {
    @TempDir
    Path runs;

    @Test
    void tunesAndWritesACsvLogIntoEachRunDirectory() throws IOException {
        System.setProperty("hf.runs", runs.toString());
        try {
            Cli.Result r = Cli.run("tune", Cli.shipped("training-controls"), "--trials", "2", "--epochs", "2", "--limit-samples", "64",
                    "--db", Cli.memDb("controls"));
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Leaderboard of study 'training-controls-"), r.toString());
        } finally {
            System.clearProperty("hf.runs");
        }
        List<Path> csvs;
        try (Stream<Path> s = Files.walk(runs)) {
            csvs = s.filter(p -> p.getFileName().toString().equals("training.csv")).toList();
        }
        assertEquals(2, csvs.size(), "one log per trial: " + csvs);
        List<String> lines = Files.readAllLines(csvs.get(0));
        assertEquals("epoch,accuracy,loss,lr,val_accuracy,val_loss", lines.get(0));
        assertEquals(3, lines.size(), lines.toString());
    }

    @Test
    void aBadOptionExitsWithCodeTwoNamingTheFieldBeforeAnythingIsWritten() throws IOException {
        Path bad = runs.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of(Cli.shipped("training-controls"))).replace("global_clipnorm: 1.0", "global_clipnorm: -1.0"));
        Cli.Result r = Cli.run("tune", bad.toString(), "--trials", "1", "--db", Cli.memDb("bad-controls"));
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("compile.optimizer.global_clipnorm") && r.err().contains("must be a positive number"), r.toString());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r);
    }
}
