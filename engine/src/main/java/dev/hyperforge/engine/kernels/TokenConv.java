package dev.hyperforge.engine.kernels;

import java.lang.ref.WeakReference;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.Supplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.hyperforge.engine.layers.LayerContext;

/**
 * The backward pass of a stride-1 {@code Conv1D} whose input is an {@code Embedding}'s output, over the batch's
 * distinct tokens (numerics level {@link Numerics#V4}). The input gradient of such a convolution is only ever
 * summed per token into the embedding's rows, and its kernel gradient only reads the tokens' rows, so both
 * products can run on the per-token sums of the output gradient's windows instead of on one window per position:
 * <ul>
 * <li>{@code G[u, j·out + o] = Σ g[b, t - (k-1-j) + p, o]} over the positions {@code (b, t)} of token {@code u}
 * (its window of taps reversed, so each position adds one contiguous run of {@code g}; zero outside the
 * output);</li>
 * <li>the embedding's row gradients {@code R = G · Wᵣ} with {@code Wᵣ[j·out + o, i] = W[k-1-j, i, o]};</li>
 * <li>the kernel gradient {@code gradW[k-1-j, i, o] = (Eᵀ · G)[i, j·out + o]}, {@code E} the tokens'
 * embedding rows (read from the convolution's input).</li>
 * </ul>
 * With {@code U} distinct tokens among {@code N} positions both products shrink from {@code N} to {@code U} rows
 * and the {@code N × in} input gradient is never written; the sums are the same as the per-position path's, in
 * another order. Two facts pass between the layers by array identity ({@link ReluLinks}' pattern):
 * {@link #recordTokens} (the embedding's output holds the rows of these ids) and {@link #recordRows} (this
 * input gradient stands for these per-token row gradients). A consumer that needs the input gradient itself
 * (the executor summing it with another consumer's) calls {@link #materialize}, which computes it as the
 * per-position path does.
 *
 * <pre>{@code
 * TokenConv.recordTokens(out, ids);                         // Embedding.forward
 * TokenConv.Tokens t = TokenConv.tokensOf(x);               // Conv1D.backward: null unless x came so
 * TokenConv.Rows r = TokenConv.takeRows(gradOut);           // Embedding.backward: null unless linked
 * }</pre>
 */
public final class TokenConv {
    private static final int KEPT = 8;
    @SuppressWarnings("unchecked")
    private static final WeakReference<INDArray>[] OUTPUTS = new WeakReference[KEPT];
    private static final Tokens[] TOKENS = new Tokens[KEPT];
    private static int next;
    /** Input gradients standing for row gradients, until taken (an entry goes when its gradient is collected). */
    private static final java.util.List<Pending> PENDING = new java.util.ArrayList<>();

    private record Pending(WeakReference<INDArray> gradient, Rows rows) {
    }

    /** Per-token backward passes run (tests read it to see the path taken). */
    static volatile long taken;

    private TokenConv() {
    }

    /** The ids ({@code batch·steps}, row-major) whose embedding rows an array holds, and the vocabulary size. */
    public record Tokens(int[] ids, int vocabulary) {
    }

    /**
     * Per-token row gradients standing for an input gradient: {@code grads} row {@code u} is the sum over the
     * positions of token {@code ids[u]}; {@code full} computes the input gradient itself.
     */
    public record Rows(INDArray ids, INDArray grads, Supplier<INDArray> full) {
    }

    /** Records that {@code out} holds the embedding rows of {@code ids} (vocabulary {@code vocabulary}). */
    public static synchronized void recordTokens(INDArray out, int[] ids, int vocabulary) {
        OUTPUTS[next] = new WeakReference<>(out);
        TOKENS[next] = new Tokens(ids, vocabulary);
        next = (next + 1) % KEPT;
    }

    /** The tokens {@code x} holds the rows of (the same array object an embedding returned), or null. */
    public static synchronized Tokens tokensOf(INDArray x) {
        for (int i = 0; i < KEPT; i++) {
            if (OUTPUTS[i] != null && OUTPUTS[i].get() == x) {
                return TOKENS[i];
            }
        }
        return null;
    }

    /** Records that the (unwritten) input gradient {@code gx} stands for {@code r}. */
    static synchronized void recordRows(INDArray gx, Rows r) {
        PENDING.removeIf(p -> p.gradient().get() == null);
        PENDING.add(new Pending(new WeakReference<>(gx), r));
    }

    /** The row gradients {@code g} stands for, or null when it is an ordinary gradient; the record is used up. */
    public static synchronized Rows takeRows(INDArray g) {
        for (int i = 0; i < PENDING.size(); i++) {
            if (PENDING.get(i).gradient().get() == g) {
                return PENDING.remove(i).rows();
            }
        }
        return null;
    }

    /** {@code g} itself, computed first when it stands for row gradients (its values are then those of the per-position path). */
    public static INDArray materialize(INDArray g) {
        Rows r = takeRows(g);
        return r == null ? g : r.full().get();
    }

    /** Whether the per-token backward applies: level V4, stride 1, no dilation, float or double, input of tokens. */
    public static boolean applies(Tokens t, INDArray x, INDArray kernel, int stride, int dilation) {
        DataType dt = x.dataType();
        return t != null && t.ids().length > 0 && stride == 1 && dilation == 1 && (dt == DataType.FLOAT || dt == DataType.DOUBLE)
                && kernel.dataType() == dt && t.ids().length == x.size(0) * x.size(1) && HostArrays.isDenseC(x)
                && Numerics.current().atLeast(Numerics.V4) && x.size(0) * x.size(1) * kernel.size(0) * kernel.size(2) < Integer.MAX_VALUE;
    }

    /**
     * The backward pass over the distinct tokens: writes the kernel and bias gradients into {@code gw} and
     * {@code gb} (null without bias) and returns the input gradient {@code (batch, steps, in)}, which is left
     * unwritten and stands for the per-token row gradients ({@link #takeRows}, {@link #materialize}).
     *
     * @param full computes the input gradient by the per-position path, when a consumer needs it
     */
    public static INDArray backward(Tokens t, INDArray x, INDArray kernel, INDArray gradOut, boolean same, LayerContext ctx,
            INDArray gw, INDArray gb, Supplier<INDArray> full) {
        DataType dt = x.dataType();
        int steps = (int) x.size(1);
        int in = (int) x.size(2);
        int k = (int) kernel.size(0);
        int out = (int) kernel.size(2);
        int left = same ? (k - 1) / 2 : 0;
        INDArray g = HostArrays.contiguous(gradOut.dataType() == dt ? gradOut : gradOut.castTo(dt));
        Groups grp = Groups.of(t.ids(), t.vocabulary());
        int u = grp.count();
        INDArray sums = leadingRows(ctx.reusable("tok_sums", dt, t.ids().length, (long) k * out), u);
        sumWindows(grp, g, sums, steps, (int) g.size(1), k, out, left);
        INDArray rowsE = leadingRows(ctx.reusable("tok_rows", dt, t.ids().length, in), u);
        gatherFirst(grp, x, rowsE, in);
        INDArray reversed = ctx.reusable("tok_wrev", dt, k, out, in);
        for (int j = 0; j < k; j++) {
            reversed.get(NDArrayIndex.point(j)).assign(kernel.get(NDArrayIndex.point(k - 1 - j)).transpose());
        }
        INDArray gwCols = ctx.reusable("tok_gw", dt, in, (long) k * out);
        MatMul.mmInto(rowsE, sums, true, false, gwCols);
        INDArray rowGrads = leadingRows(ctx.reusable("tok_rows", dt, t.ids().length, in), u);   // the rows' buffer, read already
        MatMul.mmInto(sums, reversed.reshape((long) k * out, in), false, false, rowGrads);
        for (int j = 0; j < k; j++) {
            gw.get(NDArrayIndex.point(k - 1 - j)).assign(gwCols.get(NDArrayIndex.all(), NDArrayIndex.interval((long) j * out, (long) (j + 1) * out)));
        }
        if (gb != null) {
            MatMul.columnSumsInto(g.reshape(g.size(0) * g.size(1), out), gb);
        }
        INDArray gx = ctx.reusable("conv_dx", dt, x.shape());
        taken++;
        recordRows(gx, new Rows(Nd4j.createFromArray(grp.ids()), rowGrads, full));
        return gx;
    }

    /**
     * {@code sums[u]}: the reversed windows of {@code g} summed over token {@code u}'s positions, in position order.
     * A token seen once (most of them in a large vocabulary) gets its one window by a copy of the native memory.
     */
    private static void sumWindows(Groups grp, INDArray g, INDArray sums, int steps, int outSteps, int k, int out, int left) {
        int width = k * out;
        boolean single = g.dataType() == DataType.FLOAT;
        FloatBuffer gf = single ? g.data().asNioFloat() : null;
        FloatBuffer sf = single ? sums.data().asNioFloat() : null;
        DoubleBuffer gd = single ? null : g.data().asNioDouble();
        DoubleBuffer sd = single ? null : sums.data().asNioDouble();
        Parallel.forRows(grp.count(), (long) width * 2, (from, to) -> {
            float[] accF = single ? new float[width] : null;
            float[] runF = single ? new float[width] : null;
            double[] accD = single ? null : new double[width];
            double[] runD = single ? null : new double[width];
            float[] zeros = single ? new float[width] : null;
            for (int u = from; u < to; u++) {
                if (single && grp.start(u + 1) - grp.start(u) == 1) {
                    copyWindow(gf, sf, grp.position(grp.start(u)), u * width, steps, outSteps, k, out, left, zeros);
                    continue;
                }
                if (single) {
                    java.util.Arrays.fill(accF, 0f);
                } else {
                    java.util.Arrays.fill(accD, 0d);
                }
                for (int q = grp.start(u); q < grp.start(u + 1); q++) {
                    int n = grp.position(q);
                    int s0 = n % steps - (k - 1) + left;              // output step of tap j = 0
                    int jlo = Math.max(0, -s0);
                    int jhi = Math.min(k, outSteps - s0);
                    if (jlo >= jhi) {
                        continue;
                    }
                    int src = ((n / steps) * outSteps + s0 + jlo) * out;
                    int len = (jhi - jlo) * out;
                    int dst = jlo * out;
                    if (single) {
                        gf.get(src, runF, 0, len);
                        for (int e = 0; e < len; e++) {
                            accF[dst + e] += runF[e];
                        }
                    } else {
                        gd.get(src, runD, 0, len);
                        for (int e = 0; e < len; e++) {
                            accD[dst + e] += runD[e];
                        }
                    }
                }
                if (single) {
                    sf.put(u * width, accF, 0, width);
                } else {
                    sd.put(u * width, accD, 0, width);
                }
            }
        });
    }

    /** Row {@code at} of the sums: position {@code n}'s reversed window of {@code g}, zeros outside the output (from {@code zeros}). */
    private static void copyWindow(FloatBuffer g, FloatBuffer sums, int n, int at, int steps, int outSteps, int k, int out, int left,
            float[] zeros) {
        int s0 = n % steps - (k - 1) + left;
        int jlo = Math.max(0, -s0);
        int jhi = Math.max(jlo, Math.min(k, outSteps - s0));
        if (jlo > 0) {
            sums.put(at, zeros, 0, jlo * out);
        }
        if (jhi < k) {
            sums.put(at + jhi * out, zeros, 0, (k - jhi) * out);
        }
        if (jlo < jhi) {
            sums.put(at + jlo * out, g, ((n / steps) * outSteps + s0 + jlo) * out, (jhi - jlo) * out);
        }
    }

    /**
     * The first {@code rows} rows of a reused C-ordered matrix as an array of their own (its buffer a view of exactly
     * those elements, so that it counts as dense): the arrays are sized for every position and a batch uses as many
     * rows as it has distinct tokens, without a fresh native allocation per batch.
     */
    private static INDArray leadingRows(INDArray full, long rows) {
        long cols = full.size(1);
        return Nd4j.create(Nd4j.createBuffer(full.data(), 0, rows * cols), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
    }

    /** Row {@code u} of {@code rows}: the input's row at token {@code u}'s first position (its embedding row). */
    private static void gatherFirst(Groups grp, INDArray x, INDArray rows, int in) {
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer src = x.data().asNioFloat();
            FloatBuffer dst = rows.data().asNioFloat();
            Parallel.forRows(grp.count(), in, (from, to) -> {
                for (int u = from; u < to; u++) {
                    dst.put(u * in, src, grp.position(grp.start(u)) * in, in);
                }
            });
        } else {
            DoubleBuffer src = x.data().asNioDouble();
            DoubleBuffer dst = rows.data().asNioDouble();
            for (int u = 0; u < grp.count(); u++) {
                dst.put(u * in, src, grp.position(grp.start(u)) * in, in);
            }
        }
    }
}
