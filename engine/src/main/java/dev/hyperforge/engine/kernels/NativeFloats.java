package dev.hyperforge.engine.kernels;

import java.lang.reflect.Field;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plain reads of a float array's native buffer in place, for {@link SparseInput}'s scan of a whole input (20 MB
 * for S5's batch of 512 × 10 000). A scan must look at every element once; copying the buffer into a Java array
 * first reads and writes it twice more, and a direct {@code ByteBuffer} view read the same 20 MB about half as fast
 * ({@code getLong} with its bounds and order checks: 2.5 against 1.3 ms of one thread's CPU; engine/BENCHMARK.md,
 * round 10). So the reads go through {@code sun.misc.Unsafe} at addresses taken from the array itself, never
 * written; where the JVM does not offer it, {@link #available} is false and the callers take their other path.
 * Bulk copies (the kernel, the results) use JavaCPP's {@link FloatPointer} as elsewhere.
 */
final class NativeFloats {
    private static final sun.misc.Unsafe UNSAFE = find();

    private NativeFloats() {
    }

    private static sun.misc.Unsafe find() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether in-place reads are possible on this JVM. */
    static boolean available() {
        return UNSAFE != null;
    }

    /** The address of element 0 of {@code a} (float, {@link SmallKernels#readable}). */
    static long address(INDArray a) {
        Pointer p = a.data().pointer();
        return p.address() + (p.position() + a.offset()) * Float.BYTES;
    }

    /** The 8 bytes at {@code address} (two floats). */
    static long getLong(long address) {
        return UNSAFE.getLong(address);
    }

    /** The raw bits of the float at {@code address}. */
    static int getBits(long address) {
        return UNSAFE.getInt(address);
    }

    /** A float pointer at element 0 of {@code a} (float, {@link SmallKernels#readable}) for bulk copies. */
    static FloatPointer pointer(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("a float array expected, got " + a.dataType());
        }
        Pointer p = a.data().pointer();
        return new FloatPointer(p).position(p.position() + a.offset());
    }
}
