package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.hyperforge.engine.Backend;

/**
 * {@link SparseInput}'s bias and relu in the scan and the Java relu gradient ({@link ReluPasses}) give the bits of the ops
 * they replace ({@code addiRowVector}, libnd4j's relu, {@link Activations#reluBackward}), -0.0, infinities and NaN
 * included; its V6 bias gradient is the column sums in double.
 */
class SparseInputFinishTest {
    @Test
    void biasAndReluInTheScanKeepTheOpsBits() {
        Backend.init();
        SplittableRandom r = new SplittableRandom(5);
        int rows = 300;
        int cols = 700;
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.01 ? (float) r.nextGaussian() : 0f;
        }
        v[5] = 1f;
        INDArray x = Nd4j.create(v, new long[] {rows, cols}, 'c');
        for (int units : new int[] {16, 3}) {
            INDArray w = Nd4j.rand(DataType.FLOAT, cols, units).subi(0.5);
            w.putScalar(5 * units, Float.NaN);          // row 0 of the output gets NaN in its first unit
            INDArray b = Nd4j.rand(DataType.FLOAT, units).subi(0.5);
            b.putScalar(units - 1, -0f);
            for (boolean relu : new boolean[] {false, true}) {
                for (INDArray bias : new INDArray[] {null, b}) {
                    INDArray want = Nd4j.create(DataType.FLOAT, rows, units);
                    assertTrue(new SparseInput().forward(x, w, want));
                    if (bias != null) {
                        want.addiRowVector(bias);
                    }
                    if (relu) {
                        Transforms.relu(want, false);
                    }
                    INDArray got = Nd4j.create(DataType.FLOAT, rows, units);
                    assertTrue(new SparseInput().forward(x, w, bias, relu, got));
                    FloatBits.assertSame(want, got, "units " + units + " relu " + relu + " bias " + (bias != null));
                }
            }
        }
    }

    @Test
    void biasGradientIsTheColumnSumsInDouble() {
        Backend.init();
        SplittableRandom r = new SplittableRandom(3);
        int rows = 77;
        int units = 5;
        float[] d = new float[rows * units];
        double[] want = new double[units];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            want[i % units] += d[i];
        }
        INDArray dz = Nd4j.create(d, new long[] {rows, units}, 'c');
        INDArray gb = Nd4j.create(DataType.FLOAT, units);
        assertTrue(new SparseLayerGrads().biasGradient(dz, gb));
        for (int j = 0; j < units; j++) {
            assertEquals(Float.floatToRawIntBits((float) want[j]), Float.floatToRawIntBits(gb.getFloat(j)), "unit " + j);
        }
        assertEquals(dz.sum(0).getFloat(2), gb.getFloat(2), 1e-5f * Math.max(1f, Math.abs(gb.getFloat(2))), "the op's sums to rounding");
    }

    @Test
    void reluGradientKeepsTheOpsBits() {
        Backend.init();
        float[] special = {Float.NaN, -0f, 0f, -1f, 1f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        int n = special.length * special.length;
        float[] a = new float[n];
        float[] g = new float[n];
        for (int i = 0; i < special.length; i++) {
            for (int j = 0; j < special.length; j++) {
                a[i * special.length + j] = special[i];
                g[i * special.length + j] = special[j] * 0.75f;
            }
        }
        INDArray av = Nd4j.create(a, new long[] {special.length, special.length}, 'c');
        INDArray gv = Nd4j.create(g, new long[] {special.length, special.length}, 'c');
        INDArray want = gv.ulike();
        Nd4j.exec(new Step(av, want));   // the op path Activations.reluBackward takes for arrays ReluPasses does not fit
        want.muli(gv);
        INDArray got = gv.ulike();
        assertTrue(ReluPasses.fits(av, gv, got));
        ReluPasses.backward(av, gv, got);   // the Java pass a sparse layer's relu gradient now takes through Activations
        FloatBits.assertSame(want, got, "relu gradient");
    }
}
