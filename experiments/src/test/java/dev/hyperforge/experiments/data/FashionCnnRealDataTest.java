package dev.hyperforge.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.convolutional.Conv2D;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.layers.core.Dropout;
import dev.hyperforge.engine.layers.core.Flatten;
import dev.hyperforge.engine.layers.pooling.MaxPooling2D;
import dev.hyperforge.engine.optimizers.Adam;

/**
 * Scenario S6's CNN, exactly as in the seed (Conv2D(32, 3, same, relu) → MaxPooling2D(2) → Conv2D(64, 3,
 * same, relu) → MaxPooling2D(2) → Flatten → Dense(100, relu) → Dropout(0.4) → Dense(10, softmax)), trained
 * for 3 epochs on real Fashion-MNIST from the Debian package {@code dataset-fashion-mnist} and scored on
 * the package's full 10 000-image test set: at least 85 % accuracy.
 *
 * <p>To keep {@code mvn verify} short on 2 cores the training set is the first 20 000 of the 60 000 training
 * images (measured on the 2-core development machine: 3 epochs on all 60 000 took 99 s and reached 0.898; on
 * 20 000 they took 51 s and reached 0.870). {@code -Dhf.test.fashionTrain=60000} in the surefire argLine runs
 * the full set. The test set is never subsampled. Without the
 * package the test is skipped on a developer machine but fails under CI ({@code CI=true}), where
 * {@code .ci/run} installs the package.
 */
class FashionCnnRealDataTest {
    static final int TRAIN = Integer.getInteger("hf.test.fashionTrain", 20_000);

    private static Model s6Cnn() {
        Tensor image = Input.of("image", 28, 28, 1);
        Tensor h = new Conv2D(32, 3, "same", "relu").call(image);
        h = new MaxPooling2D(2).call(h);
        h = new Conv2D(64, 3, "same", "relu").call(h);
        h = new MaxPooling2D(2).call(h);
        h = new Flatten().call(h);
        h = new Dense(100, "relu").call(h);
        h = new Dropout(0.4).call(h);
        Tensor label = new Dense(10, "softmax").named("label").call(h);
        return new Model("fashion_cnn", List.of(image), List.of(label), 2024L);
    }

    private static DataSet realData() {
        if (!FashionMnistLoader.installed(FashionMnistLoader.PACKAGE_DIR)) {
            String why = "Fashion-MNIST is not installed under " + FashionMnistLoader.PACKAGE_DIR
                    + " (apt-get install dataset-fashion-mnist)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + "; CI must install it (.ci/run)");
            }
            Assumptions.abort(why);
        }
        return new FashionMnistLoader().load(Map.of("source", "package", "train_samples", TRAIN), 0L);
    }

    @Test
    void reachesEightyFivePercentOnTheRealTestSetWithinThreeEpochs() {
        DataSet d = realData();
        assertEquals(TRAIN, d.samples());
        assertEquals(10_000, d.testX().get("image").size(0), "the whole real test set");
        Model m = s6Cnn();
        m.compile(new Adam(1e-3), "categorical_crossentropy", "accuracy");
        long t0 = System.nanoTime();
        History h = m.fit(d.x().get("image"), d.y().get("label"),
                FitOptions.builder().epochs(3).batchSize(64).seed(6).progress(false).build());
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        double accuracy = m.evaluate(d.testX().get("image"), d.testY().get("label"), 500).get("accuracy");
        System.out.printf("FashionCnnRealDataTest: %d train images, 3 epochs in %.1f s, test accuracy %.4f, train accuracy %s%n",
                TRAIN, fitSeconds, accuracy, h.get("accuracy"));
        assertEquals(3, h.get("loss").size());
        assertTrue(accuracy >= 0.85, "test accuracy on the 10 000 real test images " + accuracy + " after epochs " + h.values());
    }
}
