package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;

/**
 * {@link RmsPropFloat} gives libnd4j's {@code rms_prop_updater} + subtraction bit for bit: weights and state, on
 * values across many magnitudes, zero and -0.0 gradients, zero state, lengths that do not fill the last chunk, over
 * 1 to 3 threads and repeated steps.
 */
class RmsPropFloatTest {
    private static float[] values(int n, long seed, int kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian() * Math.pow(10, -r.nextInt(kind == 1 ? 12 : 9));
            v[i] = (float) (kind == 1 ? Math.abs(x) : x);
            if (i % 97 == 0) {
                v[i] = kind == 2 ? -0f : 0f;
            }
        }
        return v;
    }

    @Test
    void matchesTheOpBitForBit() {
        Backend.init();
        assertTrue(RmsPropFloat.form() > 0, "no Java form reproduces this libnd4j's rms_prop_updater");
        for (int n : new int[] {4096, 50_001, 160_000}) {
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                try {
                    INDArray w = Nd4j.createFromArray(values(n, n, 0)).reshape(n, 1);
                    INDArray s = Nd4j.createFromArray(values(n, n + 1, 1)).reshape(n, 1);
                    INDArray wJava = w.dup();
                    INDArray sJava = s.dup();
                    RmsPropFloat k = new RmsPropFloat();
                    for (int step = 0; step < 3; step++) {
                        INDArray g = Nd4j.createFromArray(values(n, 10 * n + step, 2)).reshape(n, 1);
                        assertTrue(RmsPropFloat.applies(wJava, g, sJava));
                        INDArray gJava = g.dup();
                        k.update(wJava, gJava, sJava, 1e-3, 0.9, 1e-7);
                        FloatBits.assertSame(g, gJava, "gradient left as it was");
                        Nd4j.exec(new RmsPropUpdater(g, s, 1e-3, 0.9, 1e-7));
                        w.subi(g);
                        FloatBits.assertSame(w, wJava, "weights n=" + n + " threads=" + threads + " step " + step);
                        FloatBits.assertSame(s, sJava, "state n=" + n + " threads=" + threads + " step " + step);
                    }
                } finally {
                    Parallel.setThreads(0);
                }
            }
        }
    }

    @Test
    void appliesOnlyToLongContiguousFloatArrays() {
        Backend.init();
        INDArray f = Nd4j.create(DataType.FLOAT, 5000);
        assertTrue(RmsPropFloat.applies(f, f.dup(), f.dup()));
        assertFalse(RmsPropFloat.applies(Nd4j.create(DataType.FLOAT, 100), Nd4j.create(DataType.FLOAT, 100), Nd4j.create(DataType.FLOAT, 100)));
        INDArray d = Nd4j.create(DataType.DOUBLE, 5000);
        assertFalse(RmsPropFloat.applies(d, d.dup(), d.dup()));
        INDArray m = Nd4j.create(DataType.FLOAT, 100, 100);
        assertFalse(RmsPropFloat.applies(m.transpose(), m.dup(), m.dup()));
    }
}
