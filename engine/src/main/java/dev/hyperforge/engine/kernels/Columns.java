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
        Parallel.forRows(rows, (long) taps * ch, (from, to) -> {
            FloatBuffer cf = isFloat ? cols.data().asNioFloat() : null;
            DoubleBuffer cd = isFloat ? null : cols.data().asNioDouble();
            FloatBuffer sf = bulk && isFloat ? src.data().asNioFloat() : null;
            DoubleBuffer sd = bulk && !isFloat ? src.data().asNioDouble() : null;
            int width = taps * ch;
            float[] rowF = isFloat ? new float[width] : null;
            double[] rowD = isFloat ? null : new double[width];
            int perSample = l.rowsH() * l.rowsW();
            for (int r = from; r < to; r++) {
                int b = r / perSample;
                int h = (r / l.rowsW()) % l.rowsH();
                int w = r % l.rowsW();
                int dst = r * width;
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
                        } else if (isFloat) {
                            for (int c = 0; c < ch; c++) {
                                rowF[block + c] = inside ? hostF[at + c] : 0f;
                            }
                        } else {
                            for (int c = 0; c < ch; c++) {
                                rowD[block + c] = inside ? hostD[at + c] : 0.0;
                            }
                        }
                    }
                }
                if (!bulk && isFloat) {
                    cf.put(dst, rowF, 0, width);
                } else if (!bulk) {
                    cd.put(dst, rowD, 0, width);
                }
            }
        });
    }

    /** Whether {@link #fill} can build a {@code rows × width} column array of {@code a}'s type (float or double, int-indexable). */
    static boolean fits(INDArray a, long rows, long width) {
        DataType dt = a.dataType();
        return (dt == DataType.FLOAT || dt == DataType.DOUBLE) && rows * width <= Integer.MAX_VALUE && a.length() <= Integer.MAX_VALUE;
    }
}
