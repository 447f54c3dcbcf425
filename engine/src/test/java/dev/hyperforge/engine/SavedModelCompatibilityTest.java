package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.convolutional.Conv1D;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv1D;
import dev.hyperforge.engine.layers.convolutional.SeparableConv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Embedding;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.merging.Add;
import dev.hyperforge.engine.layers.merging.Concatenate;
import dev.hyperforge.engine.layers.normalization.BatchNormalization;
import dev.hyperforge.engine.layers.pooling.GlobalAveragePooling1D;
import dev.hyperforge.engine.layers.pooling.GlobalMaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling1D;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.layers.recurrent.LSTM;
import dev.hyperforge.engine.optimizers.Adam;

/**
 * A model saved by an earlier version of the engine (every built-in layer type, trained one epoch with
 * Adam) still loads: the same config and the same predictions, recorded when the fixture was written.
 */
class SavedModelCompatibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FIXTURE = "every-layer-model.zip";
    static final String PREDICTIONS = "every-layer-model-predictions.txt";

    /** Two inputs reaching every built-in layer type. */
    static Model everyLayer() {
        Tensor text = Input.ints("text", 12);
        Tensor e = new Embedding(20, 4).call(text);
        Tensor c = new Conv1D(6, 3, "relu").call(e);
        Tensor s = new SeparableConv1D(6, 3, "relu").call(c);
        Tensor p = new MaxPooling1D(2).call(s);
        Tensor r = new LSTM(5).call(p);
        Tensor gm = new GlobalMaxPooling1D().call(c);
        Tensor ga = new GlobalAveragePooling1D().call(c);
        Tensor t = new Dense(5, "tanh").call(new Concatenate().call(r, gm, ga));
        Tensor img = Input.of("img", 8, 8, 1);
        Tensor c2 = new Conv2D(4, 3, "same", "relu").call(img);
        Tensor s2 = new SeparableConv2D(4, 3, "valid", "relu").call(c2);
        Tensor f = new Flatten().call(new MaxPooling2D(2).call(s2));
        Tensor i = new Dense(5).call(new Dropout(0.25).call(new BatchNormalization().call(f)));
        Tensor out = new Dense(3, "softmax").named("y").call(new Add().call(t, i));
        return new Model("every_layer", List.of(text, img), List.of(out), 13L);
    }

    /** Fixed inputs: {@code n} rows of token ids and images. */
    static Map<String, INDArray> inputs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] ids = new int[n][12];
        float[][][][] img = new float[n][8][8][1];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < 12; j++) {
                ids[k][j] = r.nextInt(20);
            }
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    img[k][y][x][0] = (float) r.nextDouble();
                }
            }
        }
        return Map.of("text", Nd4j.createFromArray(ids), "img", Nd4j.createFromArray(img));
    }

    @Test
    void modelSavedBeforeTheLayerPackagesLoadsWithTheSamePredictions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(FIXTURE);
        try (InputStream in = SavedModelCompatibilityTest.class.getResourceAsStream(FIXTURE)) {
            Files.copy(in, file);
        }
        Model m = Model.load(file);
        Map<String, Object> loaded = new LinkedHashMap<>(m.toConfig());
        assertEquals("adam", ((Map<?, ?>) ((Map<?, ?>) loaded.remove("compile")).get("optimizer")).get("class_name"));
        assertEquals(JSON.writeValueAsString(everyLayer().toConfig()), JSON.writeValueAsString(loaded), "same layers, calls and arguments");
        double[] got = m.predict(inputs(4, 9)).get("y").castTo(DataType.DOUBLE).data().asDouble();
        assertArrayEquals(recorded(), got, 1e-6);
    }

    private static double[] recorded() throws IOException {
        try (InputStream in = SavedModelCompatibilityTest.class.getResourceAsStream(PREDICTIONS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().mapToDouble(Double::parseDouble).toArray();
        }
    }
}
