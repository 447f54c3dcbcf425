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
}
