package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Dense layer's products for a mostly-zero float input, such as a multi-hot text vector (S5: 512 rows of 10 000,
 * about 1 % ones), at numerics level {@link Numerics#V5}. The forward pass reads the input once, keeps each row's
 * nonzeros (column and value, in column order) and sums the kernel's rows at those columns:
 * {@code z[r] = Σ x[r, c] · W[c]}. The backward pass needs no second read of the input: the kernel gradient is
 * {@code gW[c] = Σ x[r, c] · dZ[r]} over the kept nonzeros, in row order. The dense path reads the 20 MB input
 * once in each product; this path reads it once in all, and its arithmetic is about 1 % of the products'.
 *
 * <p>The sums are the dense products' sums without their zero terms, in another order (so V5, not V4: levels 1-4
 * keep the dense products). Accumulation is in float, value times kernel row, in column order per row (forward)
 * and in row order per kernel row (backward); each result element is summed by one thread, so the bits do not
 * depend on the thread count. One difference beyond rounding: a kernel entry that is infinite or NaN gives NaN to
 * every row in the dense product ({@code 0 · ∞}), here only to the rows whose input is nonzero in that column.
 *
 * <p>When it applies: float, rank 2, C order, at least {@link #MIN_COLUMNS} columns, V5. A batch too dense for this
 * to pay goes to the dense path: the scan stops as soon as a block of {@link #CHUNK_ROWS} rows holds more than
 * {@link #MAX_DENSITY} of nonzeros (every block's limit is the same, so the choice depends on the input alone, not on
 * the threads), and the other blocks are then skipped; the first row is counted before the threads start, so an
 * ordinary dense activation (over {@code 16 · MAX_DENSITY} nonzero) costs one row's read. The threshold comes from
 * timing both paths (engine/BENCHMARK.md, round 10: on S5's shapes the sparse path gains at 1 % and breaks even
 * at about 2 %).
 *
 * <p>Only training passes take it by default: a forward-only pass (prediction, evaluation) reads the input once on
 * either path, and the scan (eight-byte reads in Java) was slower than the native product's wide loads there.
 * {@code -Dhf.sparseInput=all} lets forward-only passes take it too, {@code -Dhf.sparseInput=false} turns it off.
 *
 * <pre>{@code
 * SparseInput s = ctx.keep("sparse_input", SparseInput::new);
 * if (SparseInput.applies(x, kernel, true) && s.forward(x, kernel, z)) { ... }   // z = x · kernel
 * s.kernelGradient(dz, gw);                                              // gw = xᵀ · dz
 * }</pre>
 */
public final class SparseInput {
    /** The largest fraction of nonzero inputs in a block of rows that keeps the sparse path. */
    public static final double MAX_DENSITY = 0.02;
    /** Rows per block of the scan: the unit of the density limit and of the threads' work. */
    static final int CHUNK_ROWS = 16;
    /** Narrower inputs take the dense path (their products are small). */
    public static final int MIN_COLUMNS = 256;
    /** Smaller inputs are scanned on the calling thread alone. */
    private static final long PARALLEL_ELEMENTS = 1L << 18;
    private static final long NONZERO_PAIR = 0x7fffffff7fffffffL;
    private static final int NONZERO = 0x7fffffff;
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("hf.sparseInput", "train"));
    private static volatile boolean inForwardOnly = "all".equalsIgnoreCase(System.getProperty("hf.sparseInput", "train"));

    /** Forward passes that took this path (tests read it to see the path taken). */
    static volatile long taken;

    private INDArray scanned;
    private int rows;
    private int cols;
    private int units;
    private int chunkCap;
    private int[] column = new int[0];
    private float[] value = new float[0];
    /** End of row r's entries; row r starts at its chunk's start or at row r-1's end. */
    private int[] rowEnd = new int[0];
    /** First entry of row r whose column is in the upper half (the backward pass's second thread). */
    private int[] upper = new int[0];
    private float[] kernel = new float[0];
    private float[] out = new float[0];
    private float[] bias = new float[0];
    private boolean addBias;
    private boolean relu;
    private volatile boolean tooDense;

    /** How many forward passes took this path in this JVM (tests and checks of the experiments read it). */
    public static long passesTaken() {
        return taken;
    }

    /** Turns the path on or off (tests compare it with the dense products); returns the previous setting. */
    public static boolean setEnabled(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /** Lets forward-only passes (prediction, evaluation) take the path too, or not (the default); returns the previous setting. */
    public static boolean setInForwardOnly(boolean on) {
        boolean was = inForwardOnly;
        inForwardOnly = on;
        return was;
    }

    /**
     * Whether {@code x · kernel} may take this path (level, types, layout) in a pass that is followed by a backward
     * pass ({@code backwardFollows}) or not; {@link #forward} still checks the density.
     */
    public static boolean applies(INDArray x, INDArray kernel, boolean backwardFollows) {
        return enabled && (backwardFollows || inForwardOnly) && NativeFloats.available() && Numerics.current().atLeast(Numerics.V5) && x.rank() == 2
                && kernel.rank() == 2 && x.dataType() == DataType.FLOAT && kernel.dataType() == DataType.FLOAT
                && x.size(1) >= MIN_COLUMNS && x.size(1) == kernel.size(0) && x.size(0) > 0
                && x.size(1) * kernel.size(1) <= Integer.MAX_VALUE && x.size(0) * kernel.size(1) <= Integer.MAX_VALUE
                && (x.size(0) + CHUNK_ROWS) * x.size(1) * MAX_DENSITY < Integer.MAX_VALUE / 2
                && SmallKernels.readable(x) && SmallKernels.readable(kernel);
    }

    /**
     * {@code z = x · kernel} ({@code z}: float, C order, rows × units) from {@code x}'s nonzeros, keeping them for
     * {@link #kernelGradient}. Returns false, with {@code z} unwritten and nothing kept, when {@code x} is too dense.
     * Call only when {@link #applies}.
     */
    public boolean forward(INDArray x, INDArray w, INDArray z) {
        return forward(x, w, null, false, z);
    }

    /**
     * {@link #forward(INDArray, INDArray, INDArray)} followed by the layer's bias ({@code null}: none) and relu
     * ({@code relu}), each row finished as soon as it is summed: {@code z = relu(x · kernel + bias)} with the bits of
     * the ops it replaces ({@code addiRowVector}: one float addition; libnd4j's relu: {@code v < 0 ? 0 : v}, which
     * keeps -0.0 and NaN). Returns false, with {@code z} unwritten, when {@code x} is too dense.
     */
    public boolean forward(INDArray x, INDArray w, INDArray bias, boolean relu, INDArray z) {
        scanned = null;
        rows = (int) x.size(0);
        cols = (int) x.size(1);
        units = (int) w.size(1);
        chunkCap = (int) Math.floor(MAX_DENSITY * CHUNK_ROWS * cols);
        long base = NativeFloats.address(x);
        if (countRow(base) > chunkCap) {   // the first row alone is over its block's limit: the scan would stop there
            return false;
        }
        int chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
        size(chunks);
        NativeFloats.pointer(w).get(kernel, 0, cols * units);
        if (bias != null) {
            NativeFloats.pointer(bias).get(this.bias, 0, units);
        }
        addBias = bias != null;
        this.relu = relu;
        tooDense = false;
        Parallel.forShared(chunks, (long) rows * cols < PARALLEL_ELEMENTS ? 1 : Parallel.threads(), next -> {
            for (int c = next.getAsInt(); c < chunks; c = next.getAsInt()) {
                if (!tooDense && !scanChunk(base, c)) {
                    tooDense = true;
                }
            }
        });
        if (tooDense) {
            return false;
        }
        NativeFloats.pointer(z).put(out, 0, rows * units);
        scanned = x;
        taken++;
        return true;
    }

    /** Whether the last {@link #forward} took this path on {@code x} (so {@link #kernelGradient} may follow). */
    public boolean holds(INDArray x) {
        return scanned == x;
    }

    /**
     * {@code gw = xᵀ · dz} for the {@code x} of the last successful {@link #forward} ({@code dz}: rows × units,
     * {@code gw}: cols × units, both float and {@link SmallKernels#readable}). The columns' two halves go to up to two
     * threads; each kernel row sums its terms in row order. Returns false (nothing written) when the arrays do not fit.
     */
    public boolean kernelGradient(INDArray dz, INDArray gw) {
        if (scanned == null || dz.dataType() != DataType.FLOAT || gw.dataType() != DataType.FLOAT || dz.length() != (long) rows * units
                || gw.length() != (long) cols * units || !SmallKernels.readable(dz) || !SmallKernels.readable(gw)) {
            return false;
        }
        float[] g = out;
        NativeFloats.pointer(dz).get(g, 0, rows * units);
        Parallel.forShared(2, (long) rows * cols < PARALLEL_ELEMENTS ? 1 : Parallel.threads(), next -> {
            for (int half = next.getAsInt(); half < 2; half = next.getAsInt()) {
                scatterHalf(half, g);
            }
        });
        NativeFloats.pointer(gw).put(kernel, 0, cols * units);
        scanned = null;   // the kernel copy now holds the gradient
        return true;
    }

    private void size(int chunks) {
        long entries = (long) chunks * chunkCap;
        if (column.length < entries) {
            column = new int[(int) entries];
            value = new float[(int) entries];
        }
        if (rowEnd.length < rows) {
            rowEnd = new int[rows];
            upper = new int[rows];
        }
        if (kernel.length < cols * units) {
            kernel = new float[cols * units];
        }
        if (out.length < rows * units) {
            out = new float[rows * units];
        }
        if (bias.length < units) {
            bias = new float[units];
        }
    }

    private int countRow(long base) {
        int n = 0;
        for (int c = 0; c < cols; c++) {
            n += (NativeFloats.getBits(base + 4L * c) & NONZERO) != 0 ? 1 : 0;
        }
        return n;
    }

    /** Scans and multiplies the rows of chunk {@code k}; false when they hold more nonzeros than a chunk may. */
    private boolean scanChunk(long base, int k) {
        int n = k * chunkCap;
        int limit = n + chunkCap;
        int last = Math.min(rows, (k + 1) * CHUNK_ROWS);
        int half = cols / 2;
        for (int r = k * CHUNK_ROWS; r < last; r++) {
            int start = n;
            long row = base + 4L * r * cols;
            int lines = cols / 16;
            for (int g = 0; g < lines; g += 64) {
                long mask = lineMask(row, g, Math.min(lines, g + 64));
                while (mask != 0) {   // the nonzero lines in column order
                    if (n + 16 > limit) {
                        return false;
                    }
                    int c = (g + Long.numberOfTrailingZeros(mask)) * 16;
                    mask &= mask - 1;
                    n = unpackLine(row + 4L * c, c, n);
                }
            }
            for (int c = lines * 16; c < cols; c++) {
                int bits = NativeFloats.getBits(row + 4L * c);
                if ((bits & NONZERO) != 0) {
                    if (n + 1 > limit) {
                        return false;
                    }
                    column[n] = c;
                    value[n] = Float.intBitsToFloat(bits);
                    n++;
                }
            }
            rowEnd[r] = n;
            int u = start;
            while (u < n && column[u] < half) {
                u++;
            }
            upper[r] = u;
            multiplyRow(r, start, n);
            if (addBias || relu) {
                finishRow(r * units);
            }
        }
        return true;
    }

    /** Adds the bias to one row of {@link #out} and applies relu, as the ops do. */
    private void finishRow(int o) {
        float[] z = out;
        float[] b = bias;
        for (int j = 0; j < units; j++) {
            float v = addBias ? z[o + j] + b[j] : z[o + j];
            z[o + j] = relu && v < 0f ? 0f : v;
        }
    }

    /**
     * Bit {@code l - from} set for each 64-byte line {@code l} in {@code [from, to)} (at most 64) of the row at
     * {@code row} that holds a nonzero float (-0.0 counts as zero). No branch per line: at 1 % density about one line
     * in seven holds a nonzero, at random, and a branch per line mispredicted about once per nonzero (the scan took
     * 1.2 ms of one thread's CPU for S5's batch with one, 0.9 without; engine/BENCHMARK.md, round 11).
     */
    private static long lineMask(long row, int from, int to) {
        long mask = 0;
        for (int l = from; l < to; l++) {
            long at = row + 64L * l;
            long any = (NativeFloats.getLong(at) | NativeFloats.getLong(at + 8) | NativeFloats.getLong(at + 16) | NativeFloats.getLong(at + 24)
                    | NativeFloats.getLong(at + 32) | NativeFloats.getLong(at + 40) | NativeFloats.getLong(at + 48) | NativeFloats.getLong(at + 56))
                    & NONZERO_PAIR;
            mask |= ((any | -any) >>> 63) << (l - from);
        }
        return mask;
    }

    /**
     * Appends the nonzeros of the 16 floats at {@code at} (columns {@code c} to {@code c + 15}) to the entries from
     * {@code n} on, in column order; returns the new count. The line's nonzero floats are found as a 16-bit mask first
     * (no branch per float), then taken one by one.
     */
    private int unpackLine(long at, int c, int n) {
        int m = 0;
        for (int j = 0; j < 8; j++) {
            long v = NativeFloats.getLong(at + 8L * j);
            int lo = (int) v & NONZERO;
            int hi = (int) (v >>> 32) & NONZERO;
            m |= (lo + NONZERO) >>> 31 << (2 * j) | (hi + NONZERO) >>> 31 << (2 * j + 1);
        }
        while (m != 0) {
            int j = Integer.numberOfTrailingZeros(m);
            m &= m - 1;
            column[n] = c + j;
            value[n] = Float.intBitsToFloat(NativeFloats.getBits(at + 4L * j));
            n++;
        }
        return n;
    }

    private int rowStart(int r) {
        return r % CHUNK_ROWS == 0 ? r / CHUNK_ROWS * chunkCap : rowEnd[r - 1];
    }

    /** {@code out[r] = Σ value · kernel[column]} over the row's entries, in column order. */
    private void multiplyRow(int r, int from, int to) {
        int o = r * units;
        if (units == 16) {
            multiplyRow16(o, from, to);
            return;
        }
        for (int j = 0; j < units; j++) {
            out[o + j] = 0f;
        }
        for (int e = from; e < to; e++) {
            int w = column[e] * units;
            float v = value[e];
            for (int j = 0; j < units; j++) {
                out[o + j] += v * kernel[w + j];
            }
        }
    }

    /** {@link #multiplyRow} for 16 units, in sixteen locals: the same sums, about twice as fast as the loop. */
    private void multiplyRow16(int o, int from, int to) {
        float[] k = kernel;
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
        float a8 = 0f, a9 = 0f, a10 = 0f, a11 = 0f, a12 = 0f, a13 = 0f, a14 = 0f, a15 = 0f;
        for (int e = from; e < to; e++) {
            int w = column[e] * 16;
            float v = value[e];
            a0 += v * k[w]; a1 += v * k[w + 1]; a2 += v * k[w + 2]; a3 += v * k[w + 3];
            a4 += v * k[w + 4]; a5 += v * k[w + 5]; a6 += v * k[w + 6]; a7 += v * k[w + 7];
            a8 += v * k[w + 8]; a9 += v * k[w + 9]; a10 += v * k[w + 10]; a11 += v * k[w + 11];
            a12 += v * k[w + 12]; a13 += v * k[w + 13]; a14 += v * k[w + 14]; a15 += v * k[w + 15];
        }
        float[] z = out;
        z[o] = a0; z[o + 1] = a1; z[o + 2] = a2; z[o + 3] = a3; z[o + 4] = a4; z[o + 5] = a5; z[o + 6] = a6; z[o + 7] = a7;
        z[o + 8] = a8; z[o + 9] = a9; z[o + 10] = a10; z[o + 11] = a11; z[o + 12] = a12; z[o + 13] = a13; z[o + 14] = a14; z[o + 15] = a15;
    }

    /** The kernel gradient's rows in one half of the columns (0: lower, 1: upper), into {@link #kernel}. */
    private void scatterHalf(int half, float[] g) {
        int mid = cols / 2;
        java.util.Arrays.fill(kernel, half == 0 ? 0 : mid * units, half == 0 ? mid * units : cols * units, 0f);
        for (int r = 0; r < rows; r++) {
            int from = half == 0 ? rowStart(r) : upper[r];
            int to = half == 0 ? upper[r] : rowEnd[r];
            int d = r * units;
            if (units == 16) {
                scatterRow16(from, to, g, d);
                continue;
            }
            for (int e = from; e < to; e++) {
                int w = column[e] * units;
                float v = value[e];
                for (int j = 0; j < units; j++) {
                    kernel[w + j] += v * g[d + j];
                }
            }
        }
    }

    /** One row's terms of {@link #scatterHalf} for 16 units, the row's gradient in sixteen locals: the same sums. */
    private void scatterRow16(int from, int to, float[] g, int d) {
        float[] k = kernel;
        float g0 = g[d], g1 = g[d + 1], g2 = g[d + 2], g3 = g[d + 3], g4 = g[d + 4], g5 = g[d + 5], g6 = g[d + 6], g7 = g[d + 7];
        float g8 = g[d + 8], g9 = g[d + 9], g10 = g[d + 10], g11 = g[d + 11], g12 = g[d + 12], g13 = g[d + 13], g14 = g[d + 14], g15 = g[d + 15];
        for (int e = from; e < to; e++) {
            int w = column[e] * 16;
            float v = value[e];
            k[w] += v * g0; k[w + 1] += v * g1; k[w + 2] += v * g2; k[w + 3] += v * g3;
            k[w + 4] += v * g4; k[w + 5] += v * g5; k[w + 6] += v * g6; k[w + 7] += v * g7;
            k[w + 8] += v * g8; k[w + 9] += v * g9; k[w + 10] += v * g10; k[w + 11] += v * g11;
            k[w + 12] += v * g12; k[w + 13] += v * g13; k[w + 14] += v * g14; k[w + 15] += v * g15;
        }
    }
}
