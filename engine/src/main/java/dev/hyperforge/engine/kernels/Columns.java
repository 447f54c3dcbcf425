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
        INDArray src = HostArrays.contiguous(source);   // the copies below address the buffer from element 0
        if (!HostArrays.isDenseC(cols)) {
            throw new IllegalArgumentException("column array must be contiguous from offset 0, received " + cols.shapeInfoToString());
        }
        int srcH = (int) src.size(1);
        int srcW = (int) src.size(2);
        int ch = (int) src.size(3);
        int taps = l.kh() * l.kw();
        int rows = (int) cols.size(0);
        if (cols.size(1) != (long) taps * ch || rows != src.size(0) * l.rowsH() * l.rowsW()) {
            throw new IllegalArgumentException("column array " + java.util.Arrays.toString(cols.shape()) + " does not fit source "
                    + java.util.Arrays.toString(src.shape()) + " and " + l);
        }
        boolean isFloat = src.dataType() == DataType.FLOAT;
        boolean bulk = ch >= COPY_CHANNELS;
        float[] hostF = !bulk && isFloat ? HostArrays.toFloats(src) : null;
        double[] hostD = !bulk && !isFloat ? HostArrays.toDoubles(src) : null;
        if (!bulk && isFloat) {
            Parallel.forRows(rows, (long) taps * ch, (from, to) -> fillNarrowFloat(hostF, cols.data().asNioFloat(), l, srcH, srcW, ch, from, to));
            return;
        }
        Parallel.forRows(rows, (long) taps * ch, (from, to) -> {
            FloatBuffer cf = isFloat ? cols.data().asNioFloat() : null;
            DoubleBuffer cd = isFloat ? null : cols.data().asNioDouble();
            FloatBuffer sf = bulk && isFloat ? src.data().asNioFloat() : null;
            DoubleBuffer sd = bulk && !isFloat ? src.data().asNioDouble() : null;
            int width = taps * ch;
            // Narrow double sources (narrow float ones took fillNarrowFloat): rows are gathered in Java
            // arrays of up to CHUNK_ELEMENTS and copied out in bulk.
            int perChunk = bulk ? 1 : Math.max(1, CHUNK_ELEMENTS / width);
            float[] rowF = isFloat ? new float[width * perChunk] : null;
            double[] rowD = isFloat ? null : new double[width * perChunk];
            int perSample = l.rowsH() * l.rowsW();
            for (int r = from; r < to; r++) {
                int b = r / perSample;
                int h = (r / l.rowsW()) % l.rowsH();
                int w = r % l.rowsW();
                int dst = r * width;
                int local = bulk ? 0 : ((r - from) % perChunk) * width;
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
                boolean flush = !bulk && (r + 1 == to || (r + 1 - from) % perChunk == 0);
                if (flush) {
                    int first = r - (r - from) % perChunk;   // the chunk's first row
                    cd.put(first * width, rowD, 0, (r - first + 1) * width);
                }
            }
        });
    }

    /**
     * Rows {@code [from, to)} of a float column array from a narrow source (fewer than {@link #COPY_CHANNELS}
     * channels, held in {@code src}): row segments of one {@code (b, h)}, tap by tap, each tap's run of
     * positions inside the source copied without a bounds test per element, gathered in a Java array and
     * copied out in bulk every {@link #CHUNK_ELEMENTS} elements or so.
     */
    private static void fillNarrowFloat(float[] src, FloatBuffer cols, Layout l, int srcH, int srcW, int ch, int from, int to) {
        int width = l.kh() * l.kw() * ch;
        int perChunk = Math.max(l.rowsW(), CHUNK_ELEMENTS / width);
        float[] buf = new float[perChunk * width];
        int bufStart = from;
        for (int r = from; r < to;) {
            int w0 = r % l.rowsW();
            int w1 = Math.min(l.rowsW(), w0 + (to - r));
            if (r - bufStart + (w1 - w0) > perChunk) {
                cols.put(bufStart * width, buf, 0, (r - bufStart) * width);
                bufStart = r;
            }
            int group = r / l.rowsW();
            narrowSegment(src, buf, (r - bufStart) * width, l, group / l.rowsH(), group % l.rowsH(), w0, w1, srcH, srcW, ch);
            r += w1 - w0;
        }
        cols.put(bufStart * width, buf, 0, (to - bufStart) * width);
    }

    /** Column rows {@code (b, h, w0..w1)} into {@code buf} from offset {@code at}. */
    private static void narrowSegment(float[] src, float[] buf, int at, Layout l, int b, int h, int w0, int w1, int srcH, int srcW, int ch) {
        int width = l.kh() * l.kw() * ch;
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
