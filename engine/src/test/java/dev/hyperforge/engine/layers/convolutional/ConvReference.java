package dev.hyperforge.engine.layers.convolutional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.LayerChecks;
import dev.hyperforge.engine.layers.LayerContext;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;

/**
 * Plain-loop reference implementations of TensorFlow/Keras NHWC convolution and max pooling (written
 * straight from the definitions, independent of libnd4j), for known-answer tests on tiny shapes.
 * Same padding: output {@code ceil(in / stride)}, total padding {@code max((out - 1) * stride + k - in, 0)},
 * of which {@code floor(total / 2)} goes on top/left.
 */
public final class ConvReference {
    private ConvReference() {
    }

    public static int outLen(int in, int k, int s, boolean same) {
        return same ? (in + s - 1) / s : (in - k) / s + 1;
    }

    public static int padBefore(int in, int k, int s, boolean same) {
        return same ? Math.max((outLen(in, k, s, true) - 1) * s + k - in, 0) / 2 : 0;
    }

    /** out[n,i,j,f] = b[f] + sum x[n, i*sh+di-pt, j*sw+dj-pl, c] * w[di,dj,c,f] over in-range pixels. */
    public static INDArray conv2d(INDArray x, INDArray w, INDArray b, int sh, int sw, boolean same) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        int wd = (int) x.size(2);
        int c = (int) x.size(3);
        int kh = (int) w.size(0);
        int kw = (int) w.size(1);
        int f = (int) w.size(3);
        int oh = outLen(h, kh, sh, same);
        int ow = outLen(wd, kw, sw, same);
        int pt = padBefore(h, kh, sh, same);
        int pl = padBefore(wd, kw, sw, same);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, oh, ow, f);
        for (int b0 = 0; b0 < n; b0++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < f; o++) {
                        double s = b == null ? 0 : b.getDouble(o);
                        for (int di = 0; di < kh; di++) {
                            for (int dj = 0; dj < kw; dj++) {
                                int r = i * sh + di - pt;
                                int q = j * sw + dj - pl;
                                if (r < 0 || r >= h || q < 0 || q >= wd) {
                                    continue;
                                }
                                for (int ci = 0; ci < c; ci++) {
                                    s += x.getDouble(b0, r, q, ci) * w.getDouble(di, dj, ci, o);
                                }
                            }
                        }
                        out.putScalar(new int[] {b0, i, j, o}, s);
                    }
                }
            }
        }
        return out;
    }

    /** out[n,i,j,c*dm+m] = sum x[n, i*sh+di-pt, j*sw+dj-pl, c] * dw[di,dj,c,m]. */
    public static INDArray depthwise(INDArray x, INDArray dw, int sh, int sw, boolean same) {
        int c = (int) x.size(3);
        int dm = (int) dw.size(3);
        INDArray out = null;
        for (int ci = 0; ci < c; ci++) {
            for (int m = 0; m < dm; m++) {
                INDArray xc = x.get(all(), all(), all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(ci, ci + 1)).dup();
                INDArray wc = Nd4j.zeros(DataType.DOUBLE, dw.size(0), dw.size(1), 1, 1);
                for (int di = 0; di < dw.size(0); di++) {
                    for (int dj = 0; dj < dw.size(1); dj++) {
                        wc.putScalar(new int[] {di, dj, 0, 0}, dw.getDouble(di, dj, ci, m));
                    }
                }
                INDArray o = conv2d(xc, wc, null, sh, sw, same);
                if (out == null) {
                    out = Nd4j.zeros(DataType.DOUBLE, o.size(0), o.size(1), o.size(2), (long) c * dm);
                }
                out.get(all(), all(), all(), org.nd4j.linalg.indexing.NDArrayIndex.point((long) ci * dm + m)).assign(o.reshape(o.size(0), o.size(1), o.size(2)));
            }
        }
        return out;
    }

    /** out[n,i,j,c] = max of x[n, r, q, c] over the in-range pixels of window (i, j). */
    public static INDArray maxPool(INDArray x, int ph, int pw, int sh, int sw, boolean same) {
        int n = (int) x.size(0);
        int h = (int) x.size(1);
        int wd = (int) x.size(2);
        int c = (int) x.size(3);
        int oh = outLen(h, ph, sh, same);
        int ow = outLen(wd, pw, sw, same);
        int pt = padBefore(h, ph, sh, same);
        int pl = padBefore(wd, pw, sw, same);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, n, oh, ow, c);
        for (int b0 = 0; b0 < n; b0++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ci = 0; ci < c; ci++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int di = 0; di < ph; di++) {
                            for (int dj = 0; dj < pw; dj++) {
                                int r = i * sh + di - pt;
                                int q = j * sw + dj - pl;
                                if (r >= 0 && r < h && q >= 0 && q < wd) {
                                    m = Math.max(m, x.getDouble(b0, r, q, ci));
                                }
                            }
                        }
                        out.putScalar(new int[] {b0, i, j, ci}, m);
                    }
                }
            }
        }
        return out;
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    /**
     * The float path (oneDNN kernels on AVX-512 machines) against the double path (generic kernels,
     * gradient-checked): same weights, same input and output gradient; outputs, input gradient and every
     * parameter gradient must agree to {@code 1e-4}.
     */
    public static void assertFloatMatchesDouble(java.util.function.Supplier<Layer> make, long... xShape) {
        INDArray x = LayerChecks.randomDouble(21, xShape);
        INDArray[] out = new INDArray[2];
        INDArray[] gx = new INDArray[2];
        java.util.List<java.util.List<INDArray>> grads = new java.util.ArrayList<>();
        DataType[] types = {DataType.DOUBLE, DataType.FLOAT};
        for (int t = 0; t < 2; t++) {
            Layer l = make.get();
            java.util.List<dev.hyperforge.engine.Shape> shapes = java.util.List.of(dev.hyperforge.engine.Shape.ofArray(xShape).with(0, -1));
            l.outputShape(shapes);
            l.build(shapes, new ParamInit(new java.util.SplittableRandom(3), types[t]));
            for (Param p : l.params()) {
                p.value().assign(LayerChecks.randomDouble(p.value().length(), p.value().shape()));
            }
            LayerContext ctx = new LayerContext(true, new java.util.SplittableRandom(0));
            out[t] = l.forward(java.util.List.of(x.castTo(types[t])), ctx);
            INDArray g = LayerChecks.randomDouble(22, out[t].shape()).castTo(types[t]);
            gx[t] = l.backward(g, ctx).get(0);
            java.util.List<INDArray> pg = new java.util.ArrayList<>();
            for (Param p : l.params()) {
                pg.add(p.grad());
            }
            grads.add(pg);
        }
        assertClose(out[0], out[1], 1e-4);
        assertClose(gx[0], gx[1], 1e-4);
        for (int i = 0; i < grads.get(0).size(); i++) {
            assertClose(grads.get(0).get(i), grads.get(1).get(i), 1e-4);
        }
    }

    /** Element-wise equality within {@code tol}, shapes included. */
    public static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        INDArray e = expected.castTo(DataType.DOUBLE).dup('c').reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).dup('c').reshape(actual.length());
        for (long i = 0; i < e.length(); i++) {
            assertEquals(e.getDouble(i), a.getDouble(i), tol, "element " + i);
        }
    }
}
