package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.LayerContext;

/**
 * The backward path of a wide stride-1 {@code Conv1D} by level: from numerics V5 an input of fewer than
 * {@link Conv1DOps#GEMM_MIN_ROWS} batch·steps rows takes {@code conv1d_bp} instead of the two products, with the
 * products' gradients to rounding; longer inputs, dilated ones and V4 keep the products (V4's bits).
 */
class Conv1DBackwardLevelsTest {
    static {
        Backend.init();
    }

    @AfterEach
    void restore() {
        Conv1DOps.setGemmMinInChannels(0);
    }

    @Test
    void shortInputsTakeTheOpFromLevelFiveOnly() {
        INDArray shortX = Nd4j.create(DataType.FLOAT, 64, 18, 256);
        INDArray longX = Nd4j.create(DataType.FLOAT, 64, 95, 256);
        INDArray w = Nd4j.create(DataType.FLOAT, 5, 256, 256);
        assertTrue(at(Numerics.V4, () -> Conv1DOps.gemmBackward(shortX, w, 1, 1)), "V4 keeps the products");
        assertFalse(at(Numerics.V5, () -> Conv1DOps.gemmBackward(shortX, w, 1, 1)), "V5: 1 152 rows take the op");
        assertTrue(at(Numerics.V5, () -> Conv1DOps.gemmBackward(longX, w, 1, 1)), "V5: 6 080 rows keep the products");
        assertTrue(at(Numerics.V5, () -> Conv1DOps.gemmBackward(shortX, w, 1, 2)), "dilated: always the products");
        INDArray narrow = Nd4j.create(DataType.FLOAT, 5, 128, 256);
        assertFalse(at(Numerics.V4, () -> Conv1DOps.gemmBackward(Nd4j.create(DataType.FLOAT, 64, 99, 128), narrow, 1, 1)));
    }

    @Test
    void theOpsGradientsMatchTheProductsToRounding() {
        Conv1DOps.setGemmMinInChannels(1);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean same : new boolean[] {false, true}) {
                for (int k : new int[] {1, 2, 3, 5}) {
                    INDArray[] v4 = backward(Numerics.V4, dt, 3, 11, 7, 6, k, same);
                    INDArray[] v5 = backward(Numerics.V5, dt, 3, 11, 7, 6, k, same);
                    double tol = dt == DataType.FLOAT ? 2e-5 : 1e-12;
                    String what = dt + " k " + k + (same ? " same" : " valid");
                    for (int i = 0; i < 3; i++) {
                        double scale = Math.max(1, v4[i].amaxNumber().doubleValue());
                        double diff = v4[i].sub(v5[i]).amaxNumber().doubleValue();
                        assertTrue(diff <= tol * scale, what + " gradient " + i + " differs by " + diff);
                    }
                }
            }
        }
    }

    @Test
    void longInputsKeepLevelFourBits() {
        Conv1DOps.setGemmMinInChannels(1);
        INDArray[] v4 = backward(Numerics.V4, DataType.FLOAT, 64, 40, 8, 4, 5, false);
        INDArray[] v5 = backward(Numerics.V5, DataType.FLOAT, 64, 40, 8, 4, 5, false);
        for (int i = 0; i < 3; i++) {
            assertEquals(v4[i], v5[i], "gradient " + i);
        }
    }

    /** {gradX, gradKernel, gradBias} of a relu-free conv at {@code level}, through the layer's path choice. */
    private static INDArray[] backward(Numerics level, DataType dt, int batch, int steps, int in, int out, int k, boolean same) {
        SplittableRandom r = new SplittableRandom(17);
        INDArray x = random(r, dt, batch, steps, in);
        INDArray w = random(r, dt, k, in, out);
        INDArray b = random(r, dt, out);
        long outSteps = same ? steps : steps - k + 1;
        INDArray g = random(r, dt, batch, outSteps, out);
        INDArray gw = Nd4j.create(dt, k, in, out);
        INDArray gb = Nd4j.create(dt, out);
        return at(level, () -> {
            LayerContext ctx = new LayerContext(true, new SplittableRandom(0));
            INDArray[] res = Conv1DOps.gemmBackward(x, w, 1, 1)
                    ? Conv1DOps.conv1dBpGemm(x, w, b, g, 1, same, ctx, gw, gb)
                    : Conv1DOps.conv1dBp(x, w, b, g, 1, 1, same, ctx, gw, gb);
            return new INDArray[] {res[0].dup(), res[1].dup(), res[2].dup()};
        });
    }

    private static INDArray random(SplittableRandom r, DataType dt, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dt);
    }

    private static <T> T at(Numerics level, java.util.function.Supplier<T> body) {
        Numerics was = Numerics.set(level);
        try {
            return body.get();
        } finally {
            Numerics.set(was);
        }
    }
}
