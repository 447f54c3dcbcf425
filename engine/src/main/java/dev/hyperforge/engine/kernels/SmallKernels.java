package dev.hyperforge.engine.kernels;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * The plain Java path for small arrays: every libnd4j op call costs microseconds of fixed overhead
 * (argument packing, a JNI crossing, shape checks), which dominates when a whole layer is a few thousand
 * multiply-adds, as in a 13-64-64-1 network at batch 16. For such sizes {@link SmallDense} and the
 * optimizers' small updates copy the arrays into Java {@code double[]} (one bulk copy each), compute in
 * loops the JIT vectorises, and copy the results back: no op calls, no per-step array allocation.
 * Computing in double keeps float results within float rounding of the op path; both paths are
 * deterministic.
 *
 * <p>The default size limits ({@link #MAX_DENSE_WORK}, {@link #MAX_UPDATE_LENGTH}) come from timing both paths
 * (engine/BENCHMARK.md, "Kernel path choices"). {@code -Dhf.smallKernels=false} turns the path off;
 * tests switch it with {@link #setEnabled}.
 *
 * <pre>{@code
 * if (SmallKernels.denseFits(x, kernel)) { ... SmallDense ... }
 * boolean was = SmallKernels.setEnabled(false);   // compare with the op path
 * }</pre>
 */
public final class SmallKernels {
    /** Largest {@code rows · in · units} of a Dense layer that takes the Java path, by default. */
    public static final long MAX_DENSE_WORK = 1L << 17;
    /** Largest parameter (elements) an optimizer updates in Java, by default (also losses and batch gathers). */
    public static final long MAX_UPDATE_LENGTH = 1L << 14;

    private static volatile long maxDenseWork = MAX_DENSE_WORK;
    private static volatile long maxUpdateLength = MAX_UPDATE_LENGTH;

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("hf.smallKernels", "true"));
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** The scratch of the thread that asked last: most calls come from one thread, and skip the thread-local lookup. */
    private static Scratch last;

    /**
     * One thread's scratch arrays. A {@code ThreadLocal.get} costs little when its map is sparse, but a training
     * thread's map also holds the entries of ND4J, JavaCPP and the tracker, and a lookup that misses its slot
     * probes along them: profiles of {@code hf tune} showed such probes from these helpers at about a tenth of
     * the process's samples, several lookups per layer and per optimizer update. {@link #scratchOfThread}
     * checks the last thread's scratch first, by its owner (a final field, so another thread that reads the
     * shared field either sees a complete object and compares owners, or falls back to the lookup).
     */
    private static final class Scratch {
        final Thread owner = Thread.currentThread();
        float[] floats = new float[0];
        final double[][] doubles = new double[5][0];   // slot 4: readRows/writeRows staging
        final double[][][] rows = new double[3][0][0];
    }

    private static Scratch scratchOfThread() {
        Scratch s = last;
        if (s != null && s.owner == Thread.currentThread()) {
            return s;
        }
        s = SCRATCH.get();
        last = s;
        return s;
    }

    private SmallKernels() {
    }

    /** Turns the Java path on or off (for tests comparing it with the op path); returns the previous setting. */
    public static boolean setEnabled(boolean on) {
        boolean was = enabled;
        enabled = on;
        return was;
    }

    /** Changes the size limits (for the benchmarks that measure where the paths cross). */
    public static void setLimits(long denseWork, long updateLength) {
        maxDenseWork = denseWork;
        maxUpdateLength = updateLength;
    }

    /** The current limit on a small array's length (optimizer updates, losses, batch gathers). */
    public static long maxUpdateLength() {
        return maxUpdateLength;
    }

    /** Whether the Java path is on. */
    public static boolean enabled() {
        return enabled;
    }

    /** Whether a Dense product of {@code x} (rank 2) and {@code kernel} is small enough for the Java path. */
    public static boolean denseFits(INDArray x, INDArray kernel) {
        return enabled && x.rank() == 2 && kernel.rank() == 2 && x.dataType() == kernel.dataType()
                && x.size(0) * x.size(1) * kernel.size(1) <= maxDenseWork && readable(x) && readable(kernel);
    }

    /** Whether a Dense layer with this kernel (rank 2) at {@code rows} rows is small enough for the Java path. */
    public static boolean denseFits(long rows, INDArray kernel) {
        return enabled && kernel.rank() == 2 && rows * kernel.size(0) * kernel.size(1) <= maxDenseWork && readable(kernel);
    }

    /** Whether an optimizer may update arrays of this size in Java (all readable, same type). */
    public static boolean updateFits(INDArray... arrays) {
        if (!enabled || arrays[0].length() > maxUpdateLength) {
            return false;
        }
        for (INDArray a : arrays) {
            if (!readable(a) || a.dataType() != arrays[0].dataType() || a.length() != arrays[0].length()) {
                return false;
            }
        }
        return true;
    }

    /** Float or double, and its elements contiguous in C order in its buffer (a row range of a matrix is). */
    public static boolean readable(INDArray a) {
        DataType t = a.dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE || a.isEmpty() || a.ordering() != 'c' || !Shape.hasDefaultStridesForShape(a)) {
            return false;
        }
        Pointer p = a.data().pointer();
        return t == DataType.FLOAT ? p instanceof FloatPointer : p instanceof DoublePointer;
    }

    /** A thread's scratch {@code double[]} number {@code slot} (0-3) of at least {@code n} elements; content unspecified. */
    public static double[] scratch(int slot, int n) {
        double[][] all = scratchOfThread().doubles;
        if (all[slot].length < n) {
            all[slot] = new double[n];
        }
        return all[slot];
    }

    /**
     * A thread's scratch matrix number {@code slot} (0-2), one array per row, of at least {@code rows} rows
     * of at least {@code cols} elements; content unspecified.
     */
    public static double[][] scratchRows(int slot, int rows, int cols) {
        double[][][] all = scratchOfThread().rows;
        double[][] m = all[slot];
        if (m.length < rows || m.length > 0 && m[0].length < cols) {
            m = new double[Math.max(rows, m.length)][Math.max(cols, m.length > 0 ? m[0].length : 0)];
            all[slot] = m;
        }
        return m;
    }

    /** Copies the elements of {@code a} ({@link #readable}, {@code rows · cols} of them) into {@code out[r][0 .. cols)}, row by row. */
    public static void readRows(INDArray a, double[][] out, int rows, int cols) {
        readRows(a, 0, out, rows, cols);
    }

    /** Copies rows {@code [fromRow, fromRow + rows)} of {@code a} ({@link #readable}, {@code cols} elements a row) into {@code out[0 .. rows)}. */
    public static void readRows(INDArray a, long fromRow, double[][] out, int rows, int cols) {
        if (a.dataType() == DataType.FLOAT) {   // widened straight into the rows, no staging copy
            float[] f = floats(rows * cols);
            at(new FloatPointer(a.data().pointer()), a.data().pointer().position() + a.offset() + fromRow * cols).get(f, 0, rows * cols);
            for (int r = 0; r < rows; r++) {
                double[] row = out[r];
                int at = r * cols;
                for (int c = 0; c < cols; c++) {
                    row[c] = f[at + c];
                }
            }
            return;
        }
        double[] flat = scratch(4, rows * cols);
        readRange(a, fromRow * cols, rows * cols, flat);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
    }

    /** Copies {@code m[r][0 .. cols)} for {@code r < rows} into the elements of {@code a} ({@link #readable}), rounding to float if it is float. */
    public static void writeRows(double[][] m, int rows, int cols, INDArray a) {
        writeRows(m, rows, cols, a, 0);
    }

    /** Copies {@code m[0 .. rows)} into rows {@code [fromRow, fromRow + rows)} of {@code a} ({@link #readable}, {@code cols} elements a row). */
    public static void writeRows(double[][] m, int rows, int cols, INDArray a, long fromRow) {
        double[] flat = scratch(4, rows * cols);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(m[r], 0, flat, r * cols, cols);
        }
        writeRange(flat, rows * cols, a, fromRow * cols);
    }

    /**
     * Rounds {@code m[r][0 .. cols)} for {@code r < rows} to float precision in place ({@code (double) (float) v},
     * the rounding a float output array applies). Each row goes through a float scratch row in two loops,
     * narrowing then widening: the same casts as one in-place loop, but that loop runs about twice as slow
     * (each element's two conversions wait on each other, the two loops overlap them).
     */
    public static void roundToFloat(double[][] m, int rows, int cols) {
        float[] f = floats(cols);
        for (int r = 0; r < rows; r++) {
            double[] row = m[r];
            for (int j = 0; j < cols; j++) {
                f[j] = (float) row[j];
            }
            for (int j = 0; j < cols; j++) {
                row[j] = f[j];
            }
        }
    }

    /**
     * {@link SmallDense}'s relu ({@code v > 0 ? v : 0.0}, so NaN and -0.0 give +0.0) and then
     * {@link #roundToFloat}, in the rounding's narrowing loop: the same values as the two passes, one pass fewer.
     */
    public static void reluRoundToFloat(double[][] m, int rows, int cols) {
        float[] f = floats(cols);
        for (int r = 0; r < rows; r++) {
            double[] row = m[r];
            for (int j = 0; j < cols; j++) {
                double v = row[j];
                f[j] = (float) (v > 0 ? v : 0.0);
            }
            for (int j = 0; j < cols; j++) {
                row[j] = f[j];
            }
        }
    }

    private static float[] floats(int n) {
        Scratch s = scratchOfThread();
        if (s.floats.length < n) {
            s.floats = new float[n];
        }
        return s.floats;
    }

    /** Copies the elements of {@code a} ({@link #readable}) into {@code out[0 .. a.length())}. */
    public static void read(INDArray a, double[] out) {
        readRange(a, 0, (int) a.length(), out);
    }

    /** Copies elements {@code [from, from + n)} of {@code a} ({@link #readable}, in C order) into {@code out[0 .. n)}. */
    public static void readRange(INDArray a, long from, int n, double[] out) {
        long at = a.data().pointer().position() + a.offset() + from;
        if (a.dataType() == DataType.DOUBLE) {
            at(new DoublePointer(a.data().pointer()), at).get(out, 0, n);
            return;
        }
        float[] f = floats(n);
        at(new FloatPointer(a.data().pointer()), at).get(f, 0, n);
        for (int i = 0; i < n; i++) {
            out[i] = f[i];
        }
    }

    /** Copies {@code v[0 .. a.length())} into the elements of {@code a} ({@link #readable}), rounding to float if it is float. */
    public static void write(double[] v, INDArray a) {
        writeRange(v, (int) a.length(), a, 0);
    }

    /** Copies {@code v[0 .. n)} into elements {@code [from, from + n)} of {@code a} ({@link #readable}), rounding to float if it is float. */
    public static void writeRange(double[] v, int n, INDArray a, long from) {
        long at = a.data().pointer().position() + a.offset() + from;
        if (a.dataType() == DataType.DOUBLE) {
            at(new DoublePointer(a.data().pointer()), at).put(v, 0, n);
            return;
        }
        float[] f = floats(n);
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[i];
        }
        at(new FloatPointer(a.data().pointer()), at).put(f, 0, n);
    }

    /**
     * Copies rows {@code idx} of {@code a} (each {@code rowLength} elements) into the rows of {@code dst}
     * in Java when the batch is small ({@code idx.length · rowLength} at most {@link #maxUpdateLength}),
     * both arrays {@link #readable} and of one type; returns false, copying nothing, otherwise.
     */
    public static boolean gatherRows(INDArray a, int[] idx, long rowLength, INDArray dst) {
        long n = idx.length * rowLength;
        if (!enabled || n > maxUpdateLength || n != dst.length() || a.dataType() != dst.dataType() || !readable(a) || !readable(dst)) {
            return false;
        }
        int len = (int) rowLength;
        long base = a.data().pointer().position() + a.offset();
        if (a.dataType() == DataType.DOUBLE) {
            double[] d = scratch(0, (int) n);
            DoublePointer src = new DoublePointer(a.data().pointer());
            for (int r = 0; r < idx.length; r++) {
                src.position(base + idx[r] * rowLength).get(d, r * len, len);
            }
            write(d, dst);
            return true;
        }
        float[] f = floats((int) n);
        FloatPointer src = new FloatPointer(a.data().pointer());
        for (int r = 0; r < idx.length; r++) {
            src.position(base + idx[r] * rowLength).get(f, r * len, len);
        }
        at(new FloatPointer(dst.data().pointer()), dst.data().pointer().position() + dst.offset()).put(f, 0, (int) n);
        return true;
    }

    private static <P extends Pointer> P at(P p, long position) {
        return p.position(position);
    }
}
