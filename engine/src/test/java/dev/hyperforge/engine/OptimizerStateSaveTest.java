package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.Adagrad;
import dev.hyperforge.engine.optimizers.AdamW;
import dev.hyperforge.engine.optimizers.Nadam;
import dev.hyperforge.engine.optimizers.Optimizer;
import dev.hyperforge.engine.optimizers.schedules.CosineDecay;
import dev.hyperforge.engine.optimizers.schedules.PiecewiseConstantDecay;

/** Save and load keep the new optimizers' state, options and schedule: training continues exactly. */
class OptimizerStateSaveTest {
    @TempDir
    Path dir;

    @Test
    void loadedModelsContinueTrainingBitForBit() throws IOException {
        List<Optimizer> opts = List.of(
                new AdamW(0.01).clipnorm(1.0).learningRate(new CosineDecay(0.0, 20, 0.1, 0.01, 3)),
                new Nadam(0.01).globalClipnorm(0.5),
                new Adagrad(0.05).clipvalue(0.2).learningRate(new PiecewiseConstantDecay(new double[] {4}, new double[] {0.05, 0.01})));
        INDArray x = LayerChecks.randomDouble(1, 24, 3);
        INDArray y = LayerChecks.randomDouble(2, 24, 2);
        for (Optimizer opt : opts) {
            Tensor in = Input.create("x", DType.FLOAT64, 3);
            Model m = new Model("m", List.of(in), List.of(new Dense(2).named("y").call(new Dense(4, "tanh").call(in))), 7L);
            m.compile(opt, "mse");
            m.fit(x, y, FitOptions.builder().epochs(2).batchSize(8).build());
            Path zip = dir.resolve(opt.name() + ".zip");
            m.save(zip);
            Model loaded = Model.load(zip);
            assertEquals(m.optimizer().config(), loaded.optimizer().config(), opt.name());
            assertEquals(6, loaded.optimizer().iterations());
            assertEquals(m.optimizer().learningRate(), loaded.optimizer().learningRate(), 0);
            for (int i = 0; i < 3; i++) {
                m.trainOnBatch(x, y);
                loaded.trainOnBatch(x, y);
            }
            List<INDArray> a = m.getWeights();
            List<INDArray> b = loaded.getWeights();
            for (int i = 0; i < a.size(); i++) {
                assertEquals(0, a.get(i).sub(b.get(i)).norm2Number().doubleValue(), 0, opt.name() + " weight " + i);
            }
        }
    }
}
