package dev.hyperforge.engine.kernels;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The head split and merge of multi-head attention on float arrays in Java: a projection {@code (B·T, H·K)} into
 * per-head blocks {@code (B·H, T, K)} and back, with the projection's bias and scale folded into the split and the
 * gradient's scale into the merge (one pass where the ops took up to three). Each sample's rows are contiguous on
 * both sides, so a sample is read into a Java array in one bulk copy, permuted there and written back in one (plain
 * runs move with {@code System.arraycopy}, which beats a vectorised loop at these short lengths, and the bias and
 * scale follow in one flat loop over the sample); the samples are shared out among the kernel threads. Each element takes the float operations of the ops this replaces
 * ({@code addiRowVector}, then {@code muli} by the scale rounded to float), so the bits are theirs.
 *
 * <pre>{@code
 * if (!HeadBlocks.split(proj, bias, scale, batch, steps, heads, dim, blocks)) { ... the ops ... }
 * }</pre>
 */
public final class HeadBlocks {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});
    /** Per calling thread: the tiled bias of its latest split (refilled each call, read by the kernel threads). */
    private static final ThreadLocal<float[][]> TILED = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private HeadBlocks() {
    }

    /** Whether the arrays are float and hold exactly their buffers in C order (the Java copies apply). */
    public static boolean applies(INDArray... xs) {
        for (INDArray x : xs) {
            if (x != null && (x.dataType() != DataType.FLOAT || !HostArrays.isDenseC(x) || x.length() > Integer.MAX_VALUE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code out[b·H + h][t][k] = (proj[b·T + t][h·K + k] + bias[h·K + k]) · scale}, as {@code addiRowVector(bias)},
     * the split and {@code muli(scale)} give it; {@code bias} may be null, a {@code scale} of 1 multiplies nothing.
     * Returns false, leaving {@code out} alone, when an array is not a dense float one (the caller runs the ops).
     */
    public static boolean split(INDArray proj, INDArray bias, double scale, long batch, long steps, long heads, long dim, INDArray out) {
        if (!applies(proj, out) || bias != null && (bias.dataType() != DataType.FLOAT || bias.length() != heads * dim)) {
            return false;
        }
        int t = Math.toIntExact(steps);
        int h = Math.toIntExact(heads);
        int k = Math.toIntExact(dim);
        float[] tiled = bias == null ? null : tiled(HostArrays.toFloats(bias), t, h, k);
        boolean scaled = scale != 1;
        float f = (float) scale;
        FloatBuffer src = proj.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        bySample(src, dst, Math.toIntExact(batch), t * h * k, (in, o) -> {
            for (int step = 0; step < t; step++) {
                for (int head = 0; head < h; head++) {
                    System.arraycopy(in, (step * h + head) * k, o, (head * t + step) * k, k);
                }
            }
            finishSplit(o, t * h * k, tiled, scaled, f);
        });
        return true;
    }

    /** The bias laid out as one sample's blocks: {@code tiled[(head·T + step)·K + j] = bias[head·K + j]}. */
    private static float[] tiled(float[] bias, int t, int h, int k) {
        float[][] kept = TILED.get();
        if (kept[0].length < t * h * k) {
            kept[0] = new float[t * h * k];
        }
        float[] tiled = kept[0];
        for (int head = 0; head < h; head++) {
            for (int step = 0; step < t; step++) {
                System.arraycopy(bias, head * k, tiled, (head * t + step) * k, k);
            }
        }
        return tiled;
    }

    /**
     * The bias and scale of a split over one sample's copied blocks, {@code (x + bias) · f} element by element as the
     * ops give it, in one flat loop over the sample (the JIT vectorises it; loops over runs of K = 16 floats it did
     * not).
     */
    private static void finishSplit(float[] o, int n, float[] tiled, boolean scaled, float f) {
        if (tiled != null && scaled) {
            for (int i = 0; i < n; i++) {
                o[i] = (o[i] + tiled[i]) * f;
            }
        } else if (tiled != null) {
            for (int i = 0; i < n; i++) {
                o[i] = o[i] + tiled[i];
            }
        } else if (scaled) {
            scale(o, n, f);
        }
    }

    private static void scale(float[] o, int n, float f) {
        for (int i = 0; i < n; i++) {
            o[i] = o[i] * f;
        }
    }

    /**
     * {@code out[b·T + t][h·K + k] = blocks[b·H + h][t][k] · scale}, the merge after {@code muli(scale)} on the blocks
     * (which stay unscaled here); a {@code scale} of 1 multiplies nothing. Returns false, leaving {@code out} alone,
     * when an array is not a dense float one.
     */
    public static boolean merge(INDArray blocks, double scale, long batch, long steps, long heads, long dim, INDArray out) {
        if (!applies(blocks, out)) {
            return false;
        }
        int t = Math.toIntExact(steps);
        int h = Math.toIntExact(heads);
        int k = Math.toIntExact(dim);
        boolean scaled = scale != 1;
        float f = (float) scale;
        FloatBuffer src = blocks.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        bySample(src, dst, Math.toIntExact(batch), t * h * k, (in, o) -> {
            for (int head = 0; head < h; head++) {
                for (int step = 0; step < t; step++) {
                    System.arraycopy(in, (head * t + step) * k, o, (step * h + head) * k, k);
                }
            }
            if (scaled) {
                scale(o, t * h * k, f);
            }
        });
        return true;
    }

    /** Rearranges one sample's {@code n} floats from {@code in} into {@code out}. */
    private interface SamplePermutation {
        void apply(float[] in, float[] out);
    }

    /**
     * Reads each sample of {@code sample} floats into a Java array in one bulk copy, rearranges it there and writes
     * it back in one; the samples are shared out among the kernel threads.
     */
    private static void bySample(FloatBuffer src, FloatBuffer dst, int batch, int sample, SamplePermutation p) {
        Parallel.forRowsShared(batch, 2L * sample, (from, to) -> {
            float[][] s = scratch(sample);
            for (int i = from; i < to; i++) {
                src.get(i * sample, s[0], 0, sample);
                p.apply(s[0], s[1]);
                dst.put(i * sample, s[1], 0, sample);
            }
        });
    }

    /** Two Java arrays of at least {@code n} floats, kept by the thread (grown, never shrunk). */
    private static float[][] scratch(int n) {
        float[][] s = SCRATCH.get();
        if (s[0].length < n) {
            s[0] = new float[n];
            s[1] = new float[n];
        }
        return s;
    }
}
