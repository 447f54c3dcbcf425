package dev.hyperforge.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.LayerRegistry;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.file.ExperimentFileException;

/** A user's layer registered with the engine's LayerRegistry is usable by its type name in experiment files. */
class UserLayerByNameTest {
    /** A user-style layer: halves its input. */
    static final class Halve extends Layer {
        @Override
        public String type() {
            return "Halve";
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return in.get(0);
        }

        @Override
        public INDArray forward(List<INDArray> inputs, LayerContext ctx) {
            return inputs.get(0).mul(0.5);
        }

        @Override
        public List<INDArray> backward(INDArray gradOutput, LayerContext ctx) {
            return List.of(gradOutput.mul(0.5));
        }

        @Override
        public Map<String, Object> arguments() {
            return Map.of();
        }
    }

    private static String file(String type) throws Exception {
        String boston = Files.readString(Path.of("boston-kfold.yaml"));
        int from = boston.indexOf("  layers:\n");
        int to = boston.indexOf("  outputs:");
        return boston.substring(0, from) + "  layers:\n    - {name: half, type: " + type + "}\n"
                + "    - {name: price, type: Dense, args: {units: 1}}\n" + boston.substring(to);
    }

    @Test
    void aRegisteredLayerBuildsAndSavesByName(@TempDir Path dir) throws Exception {
        LayerRegistry.register("Halve", args -> new Halve());
        Experiment e = ExperimentFile.parse(file("Halve"), "halve.yaml");
        Model m = ModelFactory.build(e, Map.of(), 1L);
        assertEquals("Halve", m.layers().get(1).type());
        m.save(dir.resolve("m.zip"));
        assertEquals("Halve", Model.load(dir.resolve("m.zip")).layers().get(1).type());
        Layer head = m.layers().get(2);
        head.params().get(0).value().assign(1);   // kernel: sum of the features
        head.params().get(1).value().assign(0);   // bias
        INDArray y = m.predict(Nd4j.ones(DataType.FLOAT, 1, 13)).get("price");
        assertEquals(6.5, y.getDouble(0), 1e-6, "13 features of 1, halved, summed");
    }

    @Test
    void aMisspeltTypeNamesTheCloseOnes() {
        var ex = assertThrows(ExperimentFileException.class, () -> ExperimentFile.parse(file("Dence"), "bad.yaml"));
        assertTrue(ex.getMessage().contains("model.layers[0].type") && ex.getMessage().contains("unknown layer type 'Dence'; did you mean 'Dense'?"),
                ex.getMessage());
    }
}
