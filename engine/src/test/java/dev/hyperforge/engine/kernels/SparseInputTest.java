package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.Input;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.Tensor;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.SGD;

/**
 * {@link SparseInput} (numerics V5): its output and kernel gradient equal the dense products' to float rounding on
 * sparse inputs of any values, a too-dense batch goes to the dense products, the bits do not depend on the thread
 * count, and a {@code Dense} layer takes the path in training passes at V5 only.
 */
class SparseInputTest {
    /** A rows × cols float input with about {@code density} nonzeros of assorted values, row 3 all zero, some -0.0. */
    private static INDArray sparse(int rows, int cols, double density, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        float[] values = {1f, -0.5f, 2.25f, 3e-3f, -7f};
        for (int i = 0; i < v.length; i++) {
            double u = r.nextDouble();
            v[i] = u < density ? (r.nextBoolean() ? values[r.nextInt(values.length)] : (float) r.nextGaussian()) : u > 0.999 ? -0f : 0f;
        }
        for (int c = 0; c < cols && rows > 3; c++) {
            v[3 * cols + c] = 0f;
        }
        return Nd4j.create(v, new long[] {rows, cols}, 'c');
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat();
        float[] a = actual.data().asFloat();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= 2e-5 * Math.max(1, Math.abs(e[i])), what + "[" + i + "]: " + e[i] + " against " + a[i]);
        }
    }

    @Test
    void productsMatchTheDenseOnesToRounding() {
        Backend.init();
        for (int units : new int[] {16, 5}) {
            for (int rows : new int[] {1, 37, 512}) {
                INDArray x = sparse(rows, 300, 0.008, 11 + rows);
                INDArray w = Nd4j.rand(DataType.FLOAT, 300, units).subi(0.5);
                INDArray dz = Nd4j.rand(DataType.FLOAT, rows, units).subi(0.5);
                assertTrue(SparseInput.applies(x, w, true));
                SparseInput s = new SparseInput();
                INDArray z = Nd4j.create(DataType.FLOAT, rows, units);
                assertTrue(s.forward(x, w, z), "sparse enough");
                assertTrue(s.holds(x));
                assertClose(MatMul.mm(x, w), z, "z units " + units + " rows " + rows);
                if (rows > 3) {
                    assertArrayEquals(new float[units], z.getRow(3).dup().data().asFloat(), "an all-zero row gives zeros");
                }
                INDArray gw = Nd4j.create(DataType.FLOAT, 300, units).assign(99);
                assertTrue(s.kernelGradient(dz, gw));
                assertClose(MatMul.mm(x, dz, true, false), gw, "gw units " + units + " rows " + rows);
            }
        }
    }

    @Test
    void aTooDenseBatchGoesToTheDenseProducts() {
        Backend.init();
        INDArray w = Nd4j.rand(DataType.FLOAT, 400, 16);
        INDArray z = Nd4j.create(DataType.FLOAT, 64, 16).assign(7);
        SparseInput s = new SparseInput();
        INDArray x = sparse(64, 400, 0.01, 3);
        x.getRow(20).assign(Nd4j.rand(DataType.FLOAT, 400).addi(0.1));   // one dense row: its block of 16 is over the limit
        assertFalse(s.forward(x, w, z));
        assertFalse(s.holds(x));
        assertArrayEquals(Nd4j.create(DataType.FLOAT, 64, 16).assign(7).data().asFloat(), z.data().asFloat(), "z is left alone");
        INDArray first = sparse(64, 400, 0.01, 4);
        first.getRow(0).assign(1);   // the first row is counted before the scan
        assertFalse(s.forward(first, w, z));
        assertTrue(s.forward(sparse(64, 400, 0.01, 5), w, z), "1 % stays sparse");
        assertFalse(s.forward(sparse(64, 400, 0.2, 6), w, z), "20 % does not");
        assertFalse(SparseInput.applies(sparse(8, 100, 0.01, 7), Nd4j.rand(DataType.FLOAT, 100, 4), true), "too narrow");
        assertFalse(SparseInput.applies(sparse(8, 300, 0.01, 7).castTo(DataType.DOUBLE), Nd4j.rand(DataType.DOUBLE, 300, 4), true), "double");
    }

    @Test
    void bitsDoNotDependOnTheThreadCount() {
        Backend.init();
        INDArray x = sparse(512, 1000, 0.01, 8);
        INDArray w = Nd4j.rand(DataType.FLOAT, 1000, 16).subi(0.5);
        INDArray dz = Nd4j.rand(DataType.FLOAT, 512, 16).subi(0.5);
        List<float[]> first = null;
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            try {
                SparseInput s = new SparseInput();
                INDArray z = Nd4j.create(DataType.FLOAT, 512, 16);
                INDArray gw = Nd4j.create(DataType.FLOAT, 1000, 16);
                assertTrue(s.forward(x, w, z));
                assertTrue(s.kernelGradient(dz, gw));
                List<float[]> got = List.of(z.data().asFloat(), gw.data().asFloat());
                if (first == null) {
                    first = got;
                } else {
                    assertArrayEquals(first.get(0), got.get(0), "z with " + threads + " threads");
                    assertArrayEquals(first.get(1), got.get(1), "gw with " + threads + " threads");
                }
            } finally {
                Parallel.setThreads(0);
            }
        }
    }

    private static Model model() {
        Tensor in = Input.of("x", 300);
        Tensor h = new Dense(16, "relu").call(in);
        Tensor out = new Dense(1, "sigmoid").named("y").call(h);
        Model m = new Model("sparse", List.of(in), List.of(out), 5L);
        m.compile(new SGD(0.1), "binary_crossentropy");
        return m;
    }

    /** The weights after one training step at {@code level}, then the predictions, as float arrays. */
    private static List<float[]> step(Numerics level, INDArray x, INDArray y) {
        Numerics was = Numerics.set(level);
        try {
            Model m = model();
            m.trainOnBatch(x, y);
            List<float[]> out = new ArrayList<>();
            for (INDArray a : m.getWeights()) {
                out.add(a.castTo(DataType.FLOAT).data().asFloat());
            }
            out.add(m.predict(x, 64).get("y").data().asFloat());
            return out;
        } finally {
            Numerics.set(was);
        }
    }

    @Test
    void denseLayersTakeItInTrainingAtV5Only() {
        Backend.init();
        INDArray x = sparse(64, 300, 0.008, 9);
        INDArray y = Nd4j.create(DataType.FLOAT, 64, 1).assign(Nd4j.rand(DataType.FLOAT, 64, 1).gt(0.5).castTo(DataType.FLOAT));
        long before = SparseInput.taken;
        List<float[]> v4 = step(Numerics.V4, x, y);
        assertEquals(before, SparseInput.taken, "V4 keeps the dense products");
        List<float[]> v5 = step(Numerics.V5, x, y);
        assertEquals(before + 1, SparseInput.taken, "V5's training step takes the path, its prediction does not");
        boolean was = SparseInput.setEnabled(false);
        List<float[]> off;
        try {
            off = step(Numerics.V5, x, y);
        } finally {
            SparseInput.setEnabled(was);
        }
        for (int i = 0; i < v4.size(); i++) {
            assertArrayEquals(v4.get(i), off.get(i), "without the path V5 computes as V4: array " + i);
            float[] a = v4.get(i);
            float[] b = v5.get(i);
            for (int j = 0; j < a.length; j++) {
                assertTrue(Math.abs(a[j] - b[j]) <= 1e-5 * Math.max(1, Math.abs(a[j])), "array " + i + "[" + j + "]: " + a[j] + " against " + b[j]);
            }
        }
        boolean all = SparseInput.setInForwardOnly(true);
        try {
            Numerics lv = Numerics.set(Numerics.V5);
            try {
                long at = SparseInput.taken;
                model().predict(x, 64);
                assertEquals(at + 1, SparseInput.taken, "-Dhf.sparseInput=all: predictions take it too");
            } finally {
                Numerics.set(lv);
            }
        } finally {
            SparseInput.setInForwardOnly(all);
        }
    }
}
