package dev.hyperforge.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;

/**
 * {@link RmsPropFloat} gives the bits of libnd4j's {@code rms_prop_updater} followed by {@code value.subi(update)}:
 * lengths with and without a vector tail, states and squared gradients of one size (where the fused multiply-add's
 * rounding shows: without it about a fifth of the states differ) and of very different sizes, zeros, signed zeros
 * and a state of zeros, several learning rates, decays and epsilons, and rows of a larger array (an offset).
 */
class RmsPropFloatTest {
    private static INDArray values(SplittableRandom r, int n, double scale, boolean positive) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double x = (positive ? r.nextDouble() : r.nextGaussian()) * scale * (i % 5 == 0 ? Math.pow(10, r.nextInt(7) - 3) : 1);
            v[i] = i % 11 == 0 ? 0f : i % 13 == 0 ? -0f : (float) (positive ? Math.abs(x) : x);
        }
        return Nd4j.create(v, new long[] {n}, 'c');
    }

    private static int[] bits(INDArray a) {
        float[] v = a.data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static void assertSameBits(int n, double lr, double rho, double eps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        INDArray w = values(r, n, 0.05, false);
        INDArray s = seed % 3 == 0 ? Nd4j.zeros(DataType.FLOAT, n) : values(r, n, 1e-4, true);
        INDArray g = values(r, n, 1e-2, false);
        INDArray wOp = w.dup();
        INDArray sOp = s.dup();
        INDArray gOp = g.dup();
        Nd4j.exec(new RmsPropUpdater(gOp, sOp, lr, rho, eps));
        wOp.subi(gOp);
        INDArray gBefore = g.dup();
        assertTrue(RmsPropFloat.fits(w, g, s));
        new RmsPropFloat().update(w, g, s, lr, rho, eps);
        String what = "n " + n + ", lr " + lr + ", rho " + rho + ", eps " + eps;
        assertArrayEquals(bits(sOp), bits(s), what + ": state");
        assertArrayEquals(bits(wOp), bits(w), what + ": weights");
        assertArrayEquals(bits(gBefore), bits(g), what + ": the gradient is left as it was");
    }

    @Test
    void updatesWithTheOpsBits() {
        Backend.init();
        assertTrue(RmsPropFloat.sameAsOp(), "this machine's libnd4j build contracts the state's sum (AVX-512 or AVX2 with FMA)");
        assertSameBits(313_600, 1e-3, 0.9, 1e-7, 1);
        assertSameBits(18_437, 1e-3, 0.9, 1e-7, 3);
        assertSameBits(1_013, 0.05, 0.95, 1e-6, 4);
        assertSameBits(100_003, 1e-4, 0.5, 1e-3, 5);
        assertSameBits(17, 0.3, 0.99, 1e-8, 6);
    }

    @Test
    void rowsOfALargerArrayUpdateInPlace() {
        Backend.init();
        SplittableRandom r = new SplittableRandom(7);
        INDArray big = values(r, 3 * 4001, 0.05, false).reshape(3, 4001);
        INDArray w = big.getRow(1);
        INDArray s = values(r, 4001, 1e-4, true);
        INDArray g = values(r, 4001, 1e-2, false);
        INDArray wOp = w.dup();
        INDArray sOp = s.dup();
        INDArray gOp = g.dup();
        Nd4j.exec(new RmsPropUpdater(gOp, sOp, 1e-3, 0.9, 1e-7));
        wOp.subi(gOp);
        INDArray row0 = big.getRow(0).dup();
        assertTrue(RmsPropFloat.fits(w, g, s));
        new RmsPropFloat().update(w, g, s, 1e-3, 0.9, 1e-7);
        assertArrayEquals(bits(wOp), bits(big.getRow(1).dup()), "the row");
        assertArrayEquals(bits(row0), bits(big.getRow(0).dup()), "the row before it is untouched");
        assertArrayEquals(bits(sOp), bits(s), "state");
    }
}
