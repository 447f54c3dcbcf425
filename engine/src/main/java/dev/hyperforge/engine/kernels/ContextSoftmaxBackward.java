package dev.hyperforge.engine.kernels;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float loops of {@link AttentionMath#softmaxBackwardFromContext}: blocks of rows are copied into Java arrays in
 * bulk, each row's dot {@code r = Σ_v dO_v·O_v} is summed in four interleaved partial sums (a fixed order, so the bits
 * do not depend on the thread count), and {@code (dp - r)·p} is one loop the JIT vectorises. The row blocks are
 * shared out among the kernel threads.
 *
 * <pre>{@code
 * ContextSoftmaxBackward.run(probs, dProbs, context, dContext, dScores);   // dense float arrays
 * }</pre>
 */
public final class ContextSoftmaxBackward {
    /** Rows per block: 32 rows of 200 steps are 25 KB per array, which stays in the core's caches. */
    private static final int BLOCK = 32;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private ContextSoftmaxBackward() {
    }

    static INDArray run(INDArray probs, INDArray dProbs, INDArray context, INDArray dContext, INDArray out) {
        Rows rows = new Rows(probs, dProbs, context, dContext, out);
        int s = Math.toIntExact(probs.size(-1));
        int blocks = (rows.rows + BLOCK - 1) / BLOCK;
        Parallel.forRowsShared(blocks, 3L * s * BLOCK, (from, to) -> rows.run(from * BLOCK, Math.min(rows.rows, to * BLOCK)));
        return out;
    }

    /** The backward over ranges of rows of dense float arrays, for callers that interleave it with other work. */
    public static final class Rows {
        private final int s;
        private final int v;
        private final int rows;
        private final FloatBuffer p;
        private final FloatBuffer d;
        private final FloatBuffer o;
        private final FloatBuffer g;
        private final FloatBuffer w;

        public Rows(INDArray probs, INDArray dProbs, INDArray context, INDArray dContext, INDArray out) {
            s = Math.toIntExact(probs.size(-1));
            v = Math.toIntExact(context.size(-1));
            rows = Math.toIntExact(probs.length() / s);
            p = probs.data().asNioFloat();
            d = dProbs.data().asNioFloat();
            o = context.data().asNioFloat();
            g = dContext.data().asNioFloat();
            w = out.data().asNioFloat();
        }

        /** The rows {@code [from, to)}, in blocks of {@link #BLOCK}; thread-safe for disjoint ranges. */
        public void run(int from, int to) {
            float[][] a = scratch(BLOCK * Math.max(s, v));
            for (int r0 = from; r0 < to; r0 += BLOCK) {
                int n = Math.min(BLOCK, to - r0);
                o.get(r0 * v, a[0], 0, n * v);
                g.get(r0 * v, a[1], 0, n * v);
                float[] dots = a[3];
                for (int i = 0; i < n; i++) {
                    dots[i] = dot(a[0], a[1], i * v, v);
                }
                d.get(r0 * s, a[0], 0, n * s);
                p.get(r0 * s, a[1], 0, n * s);
                for (int i = 0; i < n; i++) {
                    apply(a[0], a[1], a[2], i * s, s, dots[i]);
                }
                w.put(r0 * s, a[2], 0, n * s);
            }
        }
    }

    /** {@code Σ x·y} over {@code [at, at + n)} in four partial sums (elements {@code j ≡ 0..3 mod 4}), added in order. */
    static float dot(float[] x, float[] y, int at, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += x[at + j] * y[at + j];
            s1 += x[at + j + 1] * y[at + j + 1];
            s2 += x[at + j + 2] * y[at + j + 2];
            s3 += x[at + j + 3] * y[at + j + 3];
        }
        for (; j < n; j++) {
            s0 += x[at + j] * y[at + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void apply(float[] d, float[] p, float[] out, int at, int n, float r) {
        for (int j = at, end = at + n; j < end; j++) {
            out[j] = (d[j] - r) * p[j];
        }
    }

    /** Four Java arrays of at least {@code n} floats, kept by the thread (grown, never shrunk). */
    private static float[][] scratch(int n) {
        float[][] a = SCRATCH.get();
        if (a[0].length < n) {
            for (int i = 0; i < a.length; i++) {
                a[i] = new float[n];
            }
        }
        return a;
    }
}
