package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of the layers through libnd4j's {@code matmul} op rather than {@link INDArray#mmul}.
 * The op dispatches to the oneDNN matmul of the {@code onednn-avx512} native build (and to the generic
 * kernel elsewhere), well ahead of the bundled OpenBLAS {@code gemm} that {@code mmul} calls for the
 * layers' shapes (tall-skinny activations times small weights; see engine/BENCHMARK.md, "Kernel path
 * choices"). Results agree with {@code mmul} up to float rounding.
 *
 * <pre>{@code
 * INDArray z = MatMul.mmInto(x, kernel, false, false, out);   // out = x · kernel
 * MatMul.columnSumsInto(g, biasGrad);                         // biasGrad = Σ rows of g
 * }</pre>
 */
public final class MatMul {
    private MatMul() {
    }

    /** {@code op(a) · op(b)} for rank-2 arrays, {@code op} transposing when asked; a new array. */
    public static INDArray mm(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long m = transposeA ? a.size(1) : a.size(0);
        long n = transposeB ? b.size(0) : b.size(1);
        return mmInto(a, b, transposeA, transposeB, Nd4j.createUninitialized(a.dataType(), m, n));
    }

    /** {@code op(a) · op(b)} written into {@code out} (rank 2, the product's shape; may be a view). */
    public static INDArray mmInto(INDArray a, INDArray b, boolean transposeA, boolean transposeB, INDArray out) {
        MMulTranspose t = MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build();
        Nd4j.exec(new Mmul(a, b, out, t));
        return out;
    }

    /**
     * The sums of the columns of a rank-2 array, written into {@code out} ({@code cols} elements,
     * contiguous), as the product {@code ones(1, rows) · a}, which runs on the same matmul kernel instead of the
     * slower reduction op.
     */
    public static INDArray columnSumsInto(INDArray a, INDArray out) {
        INDArray ones = ones(a.dataType(), a.size(0));
        if (out.dataType() != a.dataType()) {
            return out.assign(mm(ones, a).reshape(out.shape()).castTo(out.dataType()));
        }
        mmInto(ones, a, false, false, out.reshape(1, a.size(1)));
        return out;
    }

    /**
     * A row of ones {@code (1, n)}, kept per thread for the last few lengths and types (a fit's full and last
     * batches): a column sum per bias and step made and filled a new one. Read only.
     */
    private static INDArray ones(org.nd4j.linalg.api.buffer.DataType type, long n) {
        INDArray[] kept = ONES.get();
        for (int i = 0; i < kept.length; i++) {
            INDArray o = kept[i];
            if (o != null && o.dataType() == type && o.size(1) == n) {
                System.arraycopy(kept, 0, kept, 1, i);
                kept[0] = o;
                return o;
            }
        }
        INDArray o = Nd4j.ones(type, 1, n);
        System.arraycopy(kept, 0, kept, 1, kept.length - 1);
        kept[0] = o;
        return o;
    }

    private static final ThreadLocal<INDArray[]> ONES = ThreadLocal.withInitial(() -> new INDArray[4]);

    /** {@code a · b}. */
    public static INDArray mm(INDArray a, INDArray b) {
        return mm(a, b, false, false);
    }
}
