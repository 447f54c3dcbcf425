package dev.hyperforge.engine.kernels;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The head split and merge of multi-head attention on float arrays in Java: a projection {@code (B·T, H·K)} into
 * per-head blocks {@code (B·H, T, K)} and back, with the projection's bias and scale folded into the split and the
 * gradient's scale into the merge (one pass where the ops took up to three). Each sample's rows are contiguous on
 * both sides, so a sample is read into a Java array in one bulk copy, permuted there and written back in one (plain
 * runs move with {@code System.arraycopy}, which beats a vectorised loop at these short lengths); the samples are
 * shared out among the kernel threads. Each element takes the float operations of the ops this replaces
 * ({@code addiRowVector}, then {@code muli} by the scale rounded to float), so the bits are theirs.
 *
 * <pre>{@code
 * if (!HeadBlocks.split(proj, bias, scale, batch, steps, heads, dim, blocks)) { ... the ops ... }
 * }</pre>
 */
public final class HeadBlocks {
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

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
        float[] b = bias == null ? null : HostArrays.toFloats(bias);
        boolean scaled = scale != 1;
        float f = (float) scale;
        FloatBuffer src = proj.data().asNioFloat();
        FloatBuffer dst = out.data().asNioFloat();
        bySample(src, dst, Math.toIntExact(batch), t * h * k, (in, o) -> {
            for (int step = 0; step < t; step++) {
                for (int head = 0; head < h; head++) {
                    splitRun(in, (step * h + head) * k, o, (head * t + step) * k, k, b, head * k, scaled, f);
                }
            }
        });
        return true;
    }

    private static void splitRun(float[] in, int from, float[] out, int at, int k, float[] bias, int bo, boolean scaled, float f) {
        if (bias == null && !scaled) {
            System.arraycopy(in, from, out, at, k);
        } else if (bias == null) {
            for (int j = 0; j < k; j++) {
                out[at + j] = in[from + j] * f;
            }
        } else if (!scaled) {
            for (int j = 0; j < k; j++) {
                out[at + j] = in[from + j] + bias[bo + j];
            }
        } else {
            for (int j = 0; j < k; j++) {
                out[at + j] = (in[from + j] + bias[bo + j]) * f;
            }
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
                    mergeRun(in, (head * t + step) * k, o, (step * h + head) * k, k, scaled, f);
                }
            }
        });
        return true;
    }

    private static void mergeRun(float[] in, int from, float[] out, int at, int k, boolean scaled, float f) {
        if (scaled) {
            for (int j = 0; j < k; j++) {
                out[at + j] = in[from + j] * f;
            }
        } else {
            System.arraycopy(in, from, out, at, k);
        }
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
