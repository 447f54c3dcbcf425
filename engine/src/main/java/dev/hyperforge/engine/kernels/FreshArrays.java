package dev.hyperforge.engine.kernels;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.NDArray;
import org.nd4j.linalg.cpu.nativecpu.buffer.LongBuffer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * New uninitialised rank-2 C-order arrays of one shape, each with its own data buffer, cheaper than
 * {@code Nd4j.createUninitialized}: that call builds a new native shape-information buffer for every array
 * (a native allocation with its own deallocator registration, about as costly as the data buffer itself, and
 * most of a small prediction's output cost). Here the shape information of the first array of a shape is
 * kept and shared by the later ones, as ND4J's own constant shape buffers are shared between arrays; ND4J
 * never writes into an array's shape information (reshapes, views and casts build new ones). Each array still
 * gets a fresh data buffer, so no result aliases another. The last shape is kept; another shape, or a
 * backend whose shape information is not the CPU backend's, takes {@code Nd4j.createUninitialized}.
 *
 * <pre>{@code
 * FreshArrays outs = new FreshArrays();
 * INDArray out = outs.create(DataType.FLOAT, 16, 1);   // a new array at every call
 * }</pre>
 */
public final class FreshArrays {
    /** The kept shape: its type, sizes, native shape information and the JVM copy of it. */
    private record Kept(DataType type, long rows, long cols, LongBuffer shapeInfo, long[] javaShapeInfo) {
    }

    private volatile Kept kept;

    /** A new uninitialised {@code rows × cols} array of {@code type}, C order, not a view of any other. */
    public INDArray create(DataType type, long rows, long cols) {
        Kept k = kept;
        if (k != null && k.type() == type && k.rows() == rows && k.cols() == cols) {
            DataBuffer data = Nd4j.createBuffer(type, rows * cols, false);
            return new NDArray(data, k.shapeInfo(), k.javaShapeInfo().clone());
        }
        INDArray a = Nd4j.createUninitialized(type, rows, cols);
        if (a.shapeInfoDataBuffer() instanceof LongBuffer info && !a.isView() && a.ordering() == 'c') {
            kept = new Kept(type, rows, cols, info, a.shapeInfoJava().clone());
        }
        return a;
    }
}
