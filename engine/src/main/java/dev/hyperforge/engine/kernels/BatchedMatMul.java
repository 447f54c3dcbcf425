package dev.hyperforge.engine.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.cpu.nativecpu.ops.CpuOpContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Batched matrix products {@code out[i] = op(a[i]) · op(b[i])} over the leading axis of rank-3 arrays, run
 * as one rank-2 libnd4j {@code matmul} per batch entry through op contexts built once per triple of arrays
 * and kept, and run straight through libnd4j's native {@code execCustomOp2} on the CPU backend. The rank-2 op on a contiguous slice reaches the oneDNN matmul of the {@code onednn-avx512}
 * build, where libnd4j's rank-3 {@code matmul} ({@link AttentionMath#bmm}) runs its own batched loop several
 * times slower; building the op's arguments per slice through {@code Nd4j.exec} costs about as much as the
 * product itself at attention's shapes, so the contexts (the slices' shapes and buffers) are kept.
 *
 * <p>Float entries are shared out among the engine's kernel threads ({@link Parallel#forShared}: each takes
 * the next entry as it comes free), each running its entries on one OpenMP thread: at attention's shapes (200 × 32 × 200) oneDNN's product of one entry gains little
 * from a second thread, while two entries at once use both cores. The entries' results do not depend on the
 * thread count (oneDNN splits rows and columns among threads, not the sums), so the bits are those of the
 * entries run in turn; {@link #setSplit} turns the split off.
 *
 * <p>The two paths agree within float rounding but not to the bit (oneDNN blocks and orders the sums
 * differently), so a model trained before this path existed does not retrain to the same bits on it:
 * {@code -Dhf.batchedMatMul=false} or {@link #setEnabled} turns it off, and {@link #fastCalls} tells a
 * replay whether it ran (the replay then retrains once more without it). Arrays that are not C-ordered and
 * contiguous take {@link AttentionMath#bmm} too.
 *
 * <p>One instance per call site: it keeps the contexts of the last {@link #KEPT} array triples (the call
 * site's reused arrays of the full and last training and evaluation batches); others are closed. Not
 * thread-safe, like the layer context that holds it.
 *
 * <pre>{@code
 * BatchedMatMul scoresProduct = ctx.keep("scores_product", BatchedMatMul::new);
 * scoresProduct.multiply(qHeads, kHeads, false, true, scores);     // (B·H, T, S) = Q · Kᵀ per head
 * }</pre>
 */
public final class BatchedMatMul {
    /** Array triples whose contexts are kept. */
    public static final int KEPT = ReusedArrays.SHAPES;
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("hf.batchedMatMul", "true"));
    private static volatile boolean split = !"false".equalsIgnoreCase(System.getProperty("hf.batchedMatMul.split", "true"));
    private static final AtomicLong FAST_CALLS = new AtomicLong();
    private final Mmul op = new Mmul();
    private final List<Plan> plans = new ArrayList<>();

    /** The arrays of one product and the contexts of their slices. */
    private record Plan(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB, OpContext[] slices, Pointer[] pointers) {
        boolean matches(INDArray a2, INDArray b2, INDArray out2, boolean ta, boolean tb) {
            return a == a2 && b == b2 && out == out2 && transposeA == ta && transposeB == tb;
        }
    }

    /** {@code op(a[i]) · op(b[i])} into {@code out[i]} for every {@code i} of the leading axis; returns {@code out}. */
    public INDArray multiply(INDArray a, INDArray b, boolean transposeA, boolean transposeB, INDArray out) {
        if (!enabled || !sliceable(a) || !sliceable(b) || !sliceable(out)) {
            return AttentionMath.bmm(a, b, transposeA, transposeB, out);
        }
        FAST_CALLS.incrementAndGet();
        Plan p = plan(a, b, out, transposeA, transposeB);
        if (p.pointers() == null) {
            for (OpContext c : p.slices()) {
                Nd4j.getExecutioner().exec(op, c);
            }
            return out;
        }
        // the executioner's exec(op, context) does this call after Java-side bookkeeping that costs a third of a product here
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        long hash = op.opHash();
        Pointer[] cs = p.pointers();
        int threads = split && out.dataType() == DataType.FLOAT ? Parallel.threads() : 1;
        Parallel.forShared(cs.length, threads, next -> run(ops, hash, cs, next, threads > 1, a, b));
        return out;
    }

    /**
     * Runs the products whose indices {@code next} hands out; on one OpenMP thread when the entries are
     * {@code split} over Java threads (oneDNN's product of one entry gives the same bits on any thread count: it
     * splits rows and columns, not the sums).
     */
    private static void run(NativeOps ops, long hash, Pointer[] cs, java.util.function.IntSupplier next, boolean split, INDArray a, INDArray b) {
        int was = split ? ops.ompGetMaxThreads() : 0;
        if (split) {
            ops.setOmpNumThreads(1);
        }
        try {
            for (int i = next.getAsInt(); i < cs.length; i = next.getAsInt()) {
                if (ops.execCustomOp2(null, hash, cs[i]) != 0 || ops.lastErrorCode() != 0) {
                    throw new IllegalStateException("batched product " + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape())
                            + " failed in libnd4j: " + ops.lastErrorMessage());
                }
            }
        } finally {
            if (split) {
                ops.setOmpNumThreads(was);
            }
        }
    }

    /**
     * The entries of the float product {@code op(a[i]) · op(b[i])} into {@code out[i]}, to be run one at a time by
     * {@link #forEntries} (a caller that runs several products entry by entry, so that each entry's arrays are
     * still in the core's caches for the next product); the same contexts and bits as {@link #multiply}. Null when
     * the per-entry path does not apply (switched off, not float, or arrays it cannot slice): then call
     * {@link #multiply}.
     */
    public Entries entries(INDArray a, INDArray b, boolean transposeA, boolean transposeB, INDArray out) {
        if (!enabled || out.dataType() != DataType.FLOAT || !sliceable(a) || !sliceable(b) || !sliceable(out)) {
            return null;
        }
        Plan p = plan(a, b, out, transposeA, transposeB);
        if (p.pointers() == null) {
            return null;
        }
        FAST_CALLS.incrementAndGet();
        return new Entries(p.pointers(), op.opHash(), a, b);
    }

    /** The kept native contexts of one product's entries ({@link #entries}). */
    public static final class Entries {
        private final Pointer[] contexts;
        private final long hash;
        private final INDArray a;
        private final INDArray b;

        private Entries(Pointer[] contexts, long hash, INDArray a, INDArray b) {
            this.contexts = contexts;
            this.hash = hash;
            this.a = a;
            this.b = b;
        }

        /** Runs entry {@code i} on the calling thread. */
        public void run(int i) {
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            if (ops.execCustomOp2(null, hash, contexts[i]) != 0 || ops.lastErrorCode() != 0) {
                throw new IllegalStateException("batched product " + Arrays.toString(a.shape()) + " x " + Arrays.toString(b.shape())
                        + " failed in libnd4j: " + ops.lastErrorMessage());
            }
        }
    }

    /**
     * Runs {@code body} for every entry index of {@code [0, n)}, shared out among the kernel threads on one OpenMP
     * thread each as {@link #multiply} does with its entries (in turn on all OpenMP threads when the split is off):
     * the body runs the entries of several products through {@link Entries#run}.
     */
    public static void forEntries(int n, java.util.function.IntConsumer body) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int threads = split ? Parallel.threads() : 1;
        Parallel.forShared(n, threads, next -> {
            int was = threads > 1 ? ops.ompGetMaxThreads() : 0;
            if (threads > 1) {
                ops.setOmpNumThreads(1);
            }
            try {
                for (int i = next.getAsInt(); i < n; i = next.getAsInt()) {
                    body.accept(i);
                }
            } finally {
                if (threads > 1) {
                    ops.setOmpNumThreads(was);
                }
            }
        });
    }

    /** Whether products take the per-entry path (else libnd4j's rank-3 {@code matmul}, the former bits). */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the per-entry path on or off for the whole process; returns the previous setting. */
    public static boolean setEnabled(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /**
     * Turns the split of a float product's entries over the engine's kernel threads ({@link Parallel}, one
     * OpenMP thread each) on or off; off, each entry's product runs on all OpenMP threads in turn, with the same
     * bits. Returns the previous setting ({@code -Dhf.batchedMatMul.split=false} sets it at start).
     */
    public static boolean setSplit(boolean on) {
        boolean was = split;
        split = on;
        return was;
    }

    /** Products that took the per-entry path in this process (a replay compares it before and after). */
    public static long fastCalls() {
        return FAST_CALLS.get();
    }

    private static boolean sliceable(INDArray x) {
        return x.rank() == 3 && x.ordering() == 'c' && !x.isView() && x.elementWiseStride() == 1;
    }

    private Plan plan(INDArray a, INDArray b, INDArray out, boolean ta, boolean tb) {
        for (int i = 0; i < plans.size(); i++) {
            Plan p = plans.get(i);
            if (p.matches(a, b, out, ta, tb)) {
                if (i > 0) {
                    plans.remove(i);
                    plans.add(0, p);
                }
                return p;
            }
        }
        OpContext[] cs = contexts(a, b, out, ta, tb);
        Plan p = new Plan(a, b, out, ta, tb, cs, nativeContexts(cs));
        plans.add(0, p);
        if (plans.size() > KEPT) {
            close(plans.remove(plans.size() - 1));
        }
        return p;
    }

    private static OpContext[] contexts(INDArray a, INDArray b, INDArray out, boolean ta, boolean tb) {
        int n = Math.toIntExact(out.size(0));
        if (a.size(0) != n || b.size(0) != n) {
            throw new IllegalArgumentException("batched product needs the same leading size, received " + Arrays.toString(a.shape())
                    + ", " + Arrays.toString(b.shape()) + " into " + Arrays.toString(out.shape()));
        }
        OpContext[] cs = new OpContext[n];
        for (int i = 0; i < n; i++) {
            OpContext c = Nd4j.getExecutioner().buildContext();
            c.setInputArrays(a.slice(i), b.slice(i));
            c.setOutputArrays(out.slice(i));
            c.setIArguments(ta ? 1 : 0, tb ? 1 : 0, 0);
            cs[i] = c;
        }
        return cs;
    }

    /** The native contexts of the CPU backend's op contexts, or null on another backend (then exec is used). */
    private static Pointer[] nativeContexts(OpContext[] cs) {
        Pointer[] ps = new Pointer[cs.length];
        for (int i = 0; i < cs.length; i++) {
            if (!(cs[i] instanceof CpuOpContext cpu)) {
                return null;
            }
            ps[i] = cpu.contextPointer();
        }
        return ps;
    }

    private static void close(Plan p) {
        for (OpContext c : p.slices()) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot free an op context: " + e.getMessage(), e);
            }
        }
    }

    /** Frees the kept contexts (they are also freed when this object is collected). */
    public void clear() {
        plans.forEach(BatchedMatMul::close);
        plans.clear();
    }
}
