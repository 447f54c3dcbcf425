package dev.hyperforge.search.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.search.bench.MixedFunctions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GP kernel on the features of mixed and conditional parameters, against hand-computed values. */
class MixedKernelTest {

    private static double matern(double r2) {
        double r = Math.sqrt(r2);
        return (1 + Math.sqrt(5) * r + 5.0 / 3.0 * r2) * Math.exp(-Math.sqrt(5) * r);
    }

    private static double[] ones(int d, double value) {
        double[] a = new double[d];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void conditionalBranchesDifferInTheirOneHotAndShareTheInactiveConstant() {
        // optimizer one-hot (sgd, adam), sgd_lr (log), momentum, adam_lr (log), beta2; inactive parameters at 0.5
        double[] adam = MixedFunctions.COND4_SPACE.features(Map.of("optimizer", "adam", "adam_lr", 1e-3,
                "beta2", 0.94995));
        double[] sgd = MixedFunctions.COND4_SPACE.features(Map.of("optimizer", "sgd", "sgd_lr", 1e-2,
                "momentum", 0.495));
        double[] adamEdge = MixedFunctions.COND4_SPACE.features(Map.of("optimizer", "adam", "adam_lr", 1e-2,
                "beta2", 0.9999));
        assertArrayEquals(new double[] {0, 1, 0.5, 0.5, 0.5, 0.5}, adam, 1e-12);
        assertArrayEquals(new double[] {1, 0, 0.5, 0.5, 0.5, 0.5}, sgd, 1e-12);
        assertArrayEquals(new double[] {0, 1, 0.5, 0.5, 0.75, 1.0}, adamEdge, 1e-12);
        // unit length-scales: r^2 = 2 (two one-hot features differ by 1): (1 + sqrt(10) + 10/3) exp(-sqrt(10))
        assertEquals(0.3172833639540438, GaussianProcess.kernel(adam, sgd, ones(6, 1.0), 1.0), 1e-12);
        // length-scale 0.5 (inverse square 4), signal 2: r^2 = 4 (0.25^2 + 0.5^2) = 1.25, sqrt(5) r = 2.5
        assertEquals(2 * (1 + 2.5 + 5.0 / 3.0 * 1.25) * Math.exp(-2.5),
                GaussianProcess.kernel(adam, adamEdge, ones(6, 4.0), 2.0), 1e-12);
        assertEquals(2 * 0.45830790898343504, GaussianProcess.kernel(adam, adamEdge, ones(6, 4.0), 2.0), 1e-12);
    }

    @Test
    void integerAndCategoricalParametersEnterThroughTheirFeatures() {
        Map<String, Object> d = Map.of("lr", 1e-3, "batch", 64, "units", 256, "layers", 3, "activation", "relu",
                "dropout", 0.35);
        Map<String, Object> e = Map.of("lr", 1e-3, "batch", 64, "units", 256, "layers", 5, "activation", "tanh",
                "dropout", 0.35);
        double[] fd = MixedFunctions.MLP6_SPACE.features(d);
        double[] fe = MixedFunctions.MLP6_SPACE.features(e);
        double units = (Math.log(256) - Math.log(15.5)) / (Math.log(1024.5) - Math.log(15.5));
        // lr, batch one-hot (16..256), units (log, half a step beyond each end), layers (cell centres), activation
        // one-hot (relu, tanh, elu, sigmoid), dropout
        assertArrayEquals(new double[] {0.5, 0, 0, 1, 0, 0, units, 0.5, 1, 0, 0, 0, 0.5}, fd, 1e-12);
        assertArrayEquals(new double[] {0.5, 0, 0, 1, 0, 0, units, 0.9, 0, 1, 0, 0, 0.5}, fe, 1e-12);
        // layers differ by 0.4, two activation features by 1: r^2 = 0.16 + 2
        assertEquals(matern(2.16), GaussianProcess.kernel(fd, fe, ones(13, 1.0), 1.0), 1e-12);
        double[] inv = ones(13, 1.0);
        inv[7] = 25;   // length-scale 0.2 on layers: r^2 = 25 * 0.16 + 2 = 6
        assertEquals(matern(6.0), GaussianProcess.kernel(fd, fe, inv, 1.0), 1e-12);
    }
}
