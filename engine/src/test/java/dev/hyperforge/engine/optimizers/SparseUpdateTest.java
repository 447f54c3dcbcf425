package dev.hyperforge.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Embedding;

/**
 * Row-wise (sparse) optimizer updates of an embedding against the dense update of the same gradient:
 * the weights of every row and the optimizer state agree after several steps in which rows are touched,
 * skipped and touched again.
 */
class SparseUpdateTest {
    private static final int VOCAB = 40;
    private static final int DIM = 6;

    private static Param param(DataType dt) {
        Embedding e = new Embedding(VOCAB, DIM);
        e.build(List.of(Shape.of(Shape.UNKNOWN, Shape.UNKNOWN)), new ParamInit(new SplittableRandom(3), dt));
        return e.params().get(0);
    }

    /** Runs {@code steps} steps; on each, a few ids (with repeats) get random gradient rows. */
    private static Param train(Optimizer opt, boolean sparse, DataType dt, int steps) {
        Param p = param(dt);
        SplittableRandom r = new SplittableRandom(9);
        for (int s = 0; s < steps; s++) {
            p.clearGrad();
            int n = 1 + r.nextInt(12);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = r.nextInt(s % 3 == 0 ? VOCAB : 8);  // rows 8.. are skipped for runs of steps
            }
            INDArray g = Nd4j.rand(DataType.DOUBLE, n, DIM).subi(0.5).castTo(dt);
            p.accumulateRows(Nd4j.createFromArray(ids), g);
            if (sparse) {
                assertNotNull(p.rowGradient());
            } else {
                p.grad();   // the dense form: the optimizer then runs its dense update
                assertNull(p.rowGradient());
            }
            opt.step(List.of(p));
        }
        return p;
    }

    private static void assertSame(Supplier<Optimizer> make, DataType dt, double eps) {
        Nd4j.getRandom().setSeed(1);
        Optimizer a = make.get();
        Param sparse = train(a, true, dt, 25);
        Nd4j.getRandom().setSeed(1);
        Optimizer b = make.get();
        Param dense = train(b, false, dt, 25);
        assertTrue(dense.value().equalsWithEps(sparse.value(), eps), a.name() + " " + dt + ": weights of the sparse and the dense update");
        INDArray[] sa = a.stateOf(sparse);
        INDArray[] sb = b.stateOf(dense);
        for (int i = 0; i < sa.length; i++) {
            if (!(a instanceof SGD)) {
                assertTrue(sb[i].equalsWithEps(sa[i], eps), a.name() + " " + dt + ": state slot " + i);
            }
        }
    }

    @Test
    void rmspropRowUpdatesEqualTheDenseUpdateIncludingTheDecayOfSkippedRows() {
        assertSame(() -> new RMSprop(0.01), DataType.DOUBLE, 1e-12);
        assertSame(() -> new RMSprop(0.01), DataType.FLOAT, 2e-6);
    }

    /**
     * The float row update's arithmetic, bit for bit: row 1 is touched at steps 0, 1, 3, 10 and 80 (gaps
     * of 0, 1, 6 and 69 skipped updates, the factors {@code (float) (ρ·ρ^k)} evaluated in double as the
     * update defines them), row 0 at every step; the expected values are computed here element by element.
     */
    @Test
    void floatRowUpdateMatchesItsFormulaBitForBitAcrossSkippedSteps() {
        RMSprop opt = new RMSprop(0.01);
        Param p = param(DataType.FLOAT);
        float[] w = p.value().getRow(1).toFloatVector();
        float[] ms = new float[DIM];
        float[] g = {0.5f, -0.25f, 0.125f, -1f, 2f, 0.3f};
        long last = -1;
        for (int step = 0; step <= 80; step++) {
            boolean touched = step == 0 || step == 1 || step == 3 || step == 10 || step == 80;
            p.clearGrad();
            int[] ids = touched ? new int[] {0, 1} : new int[] {0};
            INDArray rows = Nd4j.create(DataType.FLOAT, ids.length, DIM);
            rows.putRow(ids.length - 1, Nd4j.createFromArray(g));
            p.accumulateRows(Nd4j.createFromArray(ids), rows);
            opt.step(List.of(p));
            if (touched) {
                long skipped = step - 1 - last;
                last = step;
                float keep = (float) (skipped == 0 ? 0.9 : 0.9 * Math.pow(0.9, skipped));
                for (int j = 0; j < DIM; j++) {
                    ms[j] = keep * ms[j] + (float) (1 - 0.9) * g[j] * g[j];
                    w[j] -= (float) 0.01 * g[j] / ((float) Math.sqrt(ms[j]) + (float) 1e-7);
                }
                org.junit.jupiter.api.Assertions.assertArrayEquals(w, p.value().getRow(1).toFloatVector(), 0f, "weights after step " + step);
            }
        }
    }

    @Test
    void sgdRowUpdatesEqualTheDenseUpdate() {
        assertSame(() -> new SGD(0.1), DataType.DOUBLE, 1e-12);
        assertSame(() -> new SGD(0.1), DataType.FLOAT, 1e-6);
        assertSame(() -> new SGD(0.1, 0.9), DataType.FLOAT, 1e-6);   // momentum: dense update for both
        assertSame(() -> new Adam(0.01), DataType.FLOAT, 1e-6);      // Adam: dense update for both
    }

    @Test
    void denseStepAfterRowStepsSettlesTheSkippedDecay() {
        RMSprop a = new RMSprop(0.01);
        RMSprop b = new RMSprop(0.01);
        Nd4j.getRandom().setSeed(2);
        Param pa = train(a, true, DataType.DOUBLE, 7);
        Nd4j.getRandom().setSeed(2);
        Param pb = train(b, false, DataType.DOUBLE, 7);
        INDArray g = Nd4j.rand(DataType.DOUBLE, VOCAB, DIM);
        for (Param p : new Param[] {pa, pb}) {
            p.clearGrad();
            p.accumulate(g);
        }
        a.step(List.of(pa));
        b.step(List.of(pb));
        assertTrue(pb.value().equalsWithEps(pa.value(), 1e-12), "weights after a dense step that follows row steps");
    }
}
