package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

class ProgressBarTest {
    private static Map<String, Double> logs() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.5);
        m.put("accuracy", 0.75);
        m.put("lr", 0.001);
        return m;
    }

    @Test
    void lineIsKerasLike() {
        assertEquals(" 3/10 [========>.....................] - ETA: 2s - loss: 0.5000 - accuracy: 0.7500",
                ProgressBar.line(3, 10, "ETA: 2s", logs()));
        assertEquals("10/10 [==============================] - 1s - loss: 0.5000 - accuracy: 0.7500",
                ProgressBar.line(10, 10, "1s", logs()));
        assertEquals("1/1 [==============================] - 0s", ProgressBar.line(1, 1, "0s", Map.of()));
    }

    @Test
    void numbersDoNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("1/2 [==============>...............] - 3s - loss: 0.5000 - accuracy: 0.7500",
                    ProgressBar.line(1, 2, "3s", logs()));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void printsNothingWhenDisabled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        bar.onTrainBegin(2, 4);
        bar.onEpochBegin(0);
        for (int b = 0; b < 4; b++) {
            bar.onBatchEnd(b, logs());
        }
        bar.onEpochEnd(0, logs());
        bar.onTrainEnd(logs());
        assertEquals(0, bytes.size());
    }

    @Test
    void printsTheEpochHeaderAndAFinalLineWhenEnabled() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.onTrainBegin(2, 4);
        bar.onEpochBegin(0);
        bar.onBatchEnd(3, logs());
        bar.onEpochEnd(0, logs());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Epoch 1/2\n"), text);
        assertTrue(text.matches("(?s).*\r4/4 \\[=+\\] - \\d+s - loss: 0\\.5000 - accuracy: 0\\.7500\n$"), text);
    }

    /** {@code fit} with the progress bar on: silent when standard output is not a terminal (as under Maven). */
    @Test
    void fitWithProgressIsQuietWhenNotOnATerminal() {
        Tensor in = Input.of("x", 3);
        Model m = new Model(in, new Dense(1).named("y").call(in));
        m.compile(new SGD(0.01), "mse");
        boolean terminal = System.console() != null;
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            m.fit(LayerChecks.randomDouble(1, 8, 3).castTo(DataType.FLOAT), LayerChecks.randomDouble(2, 8, 1).castTo(DataType.FLOAT),
                    FitOptions.builder().epochs(2).batchSize(4).progress(true).build());
        } finally {
            System.setOut(saved);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (terminal) {
            assertTrue(text.contains("Epoch 2/2"), text);
        } else {
            assertEquals("", text, "no progress output without a terminal");
        }
    }
}
