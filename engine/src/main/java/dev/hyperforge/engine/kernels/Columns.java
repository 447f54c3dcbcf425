package dev.hyperforge.engine.kernels;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Column ("im2col") arrays for convolutions written as matrix products, channels last. From a contiguous
 * source {@code (batch, srcH, srcW, ch)} it fills a {@code (batch·rowsH·rowsW, kh·kw·ch)} array whose row
 * {@code (b, h, w)}, block {@code (i, j)} holds source position
 * {@code (h + i·tapH + shiftH, w + j·tapW + shiftW)} of sample {@code b}, or zeros where that lies outside
 * the source. With taps {@code +1} and shifts {@code -padding} that is a forward convolution's input
 * columns; with taps {@code -1} and shifts {@code +padding}, over an output gradient, the columns of the
 * full correlation that gives the input gradient. A 1D convolution is the case {@code srcH = rowsH = kh = 1}.
 * Rows are split over the native threads; each element is written by one thread, so the result does not
 * depend on the thread count.
 *
 * <p>With a column of ones ({@link #fill(INDArray, INDArray, Layout, boolean)}) each row has one more element,
 * {@code 1}, after its {@code kh·kw·ch} source elements: the product {@code colsᵀ · g} then holds the bias gradient
 * (the column sums of {@code g}) in its last row, beside the kernel gradient, from one product instead of two
 * (numerics level {@link Numerics#V5}, {@link Conv2DOps#conv2dBpKernelOnly}).
 */
final class Columns {
    /** From this many channels a block is moved as one native copy; below, through Java arrays. */
    private static final int COPY_CHANNELS = 16;
    /** Elements of the Java array through which narrow sources' rows are gathered before one bulk copy. */
    private static final int CHUNK_ELEMENTS = 16384;

    private Columns() {
    }

    /** The geometry of one column array. */
    record Layout(int rowsH, int rowsW, int kh, int kw, int tapH, int tapW, int shiftH, int shiftW) {
        /** The 1D case: rows {@code rowSteps}, window {@code k}, one source row. */
        static Layout of1d(int rowSteps, int k, int tap, int shift) {
            return new Layout(1, rowSteps, 1, k, 0, tap, 0, shift);
        }
    }

    /** Fills {@code cols} (contiguous) from {@code source} (float or double, the same type; copied first unless contiguous) as {@code l} says. */
    static void fill(INDArray source, INDArray cols, Layout l) {
        fill(source, cols, l, false);
    }

    /**
     * {@link #fill(INDArray, INDArray, Layout)}, with a last column of ones when {@code ones} ({@code cols} then has
     * {@code kh·kw·ch + 1} columns).
     */
    static void fill(INDArray source, INDArray cols, Layout l, boolean ones) {
        INDArray src = HostArrays.contiguous(source);   // the copies below address the buffer from element 0
        if (!HostArrays.isDenseC(cols)) {
            throw new IllegalArgumentException("column array must be contiguous from offset 0, received " + cols.shapeInfoToString());
        }
        int srcH = (int) src.size(1);
        int srcW = (int) src.size(2);
        int ch = (int) src.size(3);
        int taps = l.kh() * l.kw();
        int rows = (int) cols.size(0);
        int extra = ones ? 1 : 0;
        if (cols.size(1) != (long) taps * ch + extra || rows != src.size(0) * l.rowsH() * l.rowsW()) {
            throw new IllegalArgumentException("column array " + java.util.Arrays.toString(cols.shape()) + " does not fit source "
                    + java.util.Arrays.toString(src.shape()) + " and " + l);
        }
        boolean isFloat = src.dataType() == DataType.FLOAT;
        boolean bulk = ch >= COPY_CHANNELS;
        float[] hostF = !bulk && isFloat ? HostArrays.toFloats(src) : null;
        double[] hostD = !bulk && !isFloat ? HostArrays.toDoubles(src) : null;
        if (!bulk && isFloat) {
            Parallel.forRows(rows, (long) taps * ch, (from, to) -> fillNarrowFloat(hostF, cols.data().asNioFloat(), l, srcH, srcW, ch, extra, from, to));
            return;
        }
        Parallel.forRows(rows, (long) taps * ch, (from, to) -> {
            FloatBuffer cf = isFloat ? cols.data().asNioFloat() : null;
            DoubleBuffer cd = isFloat ? null : cols.data().asNioDouble();
            FloatBuffer sf = bulk && isFloat ? src.data().asNioFloat() : null;
            DoubleBuffer sd = bulk && !isFloat ? src.data().asNioDouble() : null;
            int width = taps * ch;
            int stride = width + extra;   // elements per column row
            // Narrow double sources (narrow float ones took fillNarrowFloat): rows are gathered in Java
            // arrays of up to CHUNK_ELEMENTS and copied out in bulk.
            int perChunk = bulk ? 1 : Math.max(1, CHUNK_ELEMENTS / stride);
            float[] rowF = isFloat ? new float[stride * perChunk] : null;
            double[] rowD = isFloat ? null : new double[stride * perChunk];
            int perSample = l.rowsH() * l.rowsW();
            for (int r = from; r < to; r++) {
                int b = r / perSample;
                int h = (r / l.rowsW()) % l.rowsH();
                int w = r % l.rowsW();
                int dst = r * stride;
                int local = bulk ? 0 : ((r - from) % perChunk) * stride;
                for (int i = 0; i < l.kh(); i++) {
                    int sh = h + i * l.tapH() + l.shiftH();
                    for (int j = 0; j < l.kw(); j++) {
                        int sw = w + j * l.tapW() + l.shiftW();
                        int block = (i * l.kw() + j) * ch;
                        boolean inside = sh >= 0 && sh < srcH && sw >= 0 && sw < srcW;
                        int at = ((b * srcH + sh) * srcW + sw) * ch;
                        if (bulk) {
                            if (inside && isFloat) {
                                cf.put(dst + block, sf, at, ch);
                            } else if (inside) {
                                cd.put(dst + block, sd, at, ch);
                            } else if (isFloat) {
                                java.util.Arrays.fill(rowF, 0, ch, 0f);
                                cf.put(dst + block, rowF, 0, ch);
                            } else {
                                java.util.Arrays.fill(rowD, 0, ch, 0.0);
                                cd.put(dst + block, rowD, 0, ch);
                            }
                        } else {
                            for (int c = 0; c < ch; c++) {
                                rowD[local + block + c] = inside ? hostD[at + c] : 0.0;
                            }
                        }
                    }
                }
                if (ones && bulk && isFloat) {
                    cf.put(dst + width, 1f);
                } else if (ones && bulk) {
                    cd.put(dst + width, 1.0);
                } else if (ones) {
                    rowD[local + width] = 1.0;
                }
                boolean flush = !bulk && (r + 1 == to || (r + 1 - from) % perChunk == 0);
                if (flush) {
                    int first = r - (r - from) % perChunk;   // the chunk's first row
                    cd.put(first * stride, rowD, 0, (r - first + 1) * stride);
                }
            }
        });
    }

    /**
     * Rows {@code [from, to)} of a float column array from a narrow source (fewer than {@link #COPY_CHANNELS}
     * channels, held in {@code src}): row segments of one {@code (b, h)}, tap by tap, each tap's run of
     * positions inside the source copied without a bounds test per element, gathered in a Java array and
     * copied out in bulk every {@link #CHUNK_ELEMENTS} elements or so; {@code extra} ones column (0 or 1) after
     * each row's source elements.
     */
    private static void fillNarrowFloat(float[] src, FloatBuffer cols, Layout l, int srcH, int srcW, int ch, int extra, int from, int to) {
        int width = l.kh() * l.kw() * ch + extra;   // elements per column row
        int perChunk = Math.max(l.rowsW(), CHUNK_ELEMENTS / width);
        float[] buf = new float[perChunk * width];
        if (extra == 1) {   // the segments below never write the last element of a row
            for (int e = width - 1; e < buf.length; e += width) {
                buf[e] = 1f;
            }
        }
        int bufStart = from;
        for (int r = from; r < to;) {
            int w0 = r % l.rowsW();
            int w1 = Math.min(l.rowsW(), w0 + (to - r));
            if (r - bufStart + (w1 - w0) > perChunk) {
                cols.put(bufStart * width, buf, 0, (r - bufStart) * width);
                bufStart = r;
            }
            int group = r / l.rowsW();
            narrowSegment(src, buf, (r - bufStart) * width, width, l, group / l.rowsH(), group % l.rowsH(), w0, w1, srcH, srcW, ch);
            r += w1 - w0;
        }
        cols.put(bufStart * width, buf, 0, (to - bufStart) * width);
    }

    /** Column rows {@code (b, h, w0..w1)} into {@code buf} from offset {@code at}, {@code width} elements per row. */
    private static void narrowSegment(float[] src, float[] buf, int at, int width, Layout l, int b, int h, int w0, int w1, int srcH,
            int srcW, int ch) {
        for (int i = 0; i < l.kh(); i++) {
            int sh = h + i * l.tapH() + l.shiftH();
            boolean rowInside = sh >= 0 && sh < srcH;
            int srcRow = (b * srcH + sh) * srcW * ch;
            for (int j = 0; j < l.kw(); j++) {
                int block = (i * l.kw() + j) * ch;
                int off = j * l.tapW() + l.shiftW();   // source column of position w: w + off
                int lo = rowInside ? Math.min(Math.max(-off, w0), w1) : w1;
                int hi = rowInside ? Math.min(Math.max(srcW - off, lo), w1) : w1;
                int d = at + block;
                for (int w = w0; w < lo; w++, d += width) {
                    for (int c = 0; c < ch; c++) {
                        buf[d + c] = 0f;
                    }
                }
                if (ch == 1) {   // a first layer's grey image: one element per position
                    for (int w = lo, s = srcRow + lo + off; w < hi; w++, d += width, s++) {
                        buf[d] = src[s];
                    }
                } else {
                    for (int w = lo, s = srcRow + (lo + off) * ch; w < hi; w++, d += width, s += ch) {
                        for (int c = 0; c < ch; c++) {
                            buf[d + c] = src[s + c];
                        }
                    }
                }
                for (int w = hi; w < w1; w++, d += width) {
                    for (int c = 0; c < ch; c++) {
                        buf[d + c] = 0f;
                    }
                }
            }
        }
    }

    /** Whether {@link #fill} can build a {@code rows × width} column array of {@code a}'s type (float or double, int-indexable). */
    static boolean fits(INDArray a, long rows, long width) {
        DataType dt = a.dataType();
        return (dt == DataType.FLOAT || dt == DataType.DOUBLE) && rows * width <= Integer.MAX_VALUE && a.length() <= Integer.MAX_VALUE;
    }
}
