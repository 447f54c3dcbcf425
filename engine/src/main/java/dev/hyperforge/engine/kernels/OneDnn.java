package dev.hyperforge.engine.kernels;

import java.util.List;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.factory.Nd4j;

import static org.bytedeco.dnnl.global.dnnl.*;

/**
 * The process's oneDNN 3.x CPU engine ({@code org.bytedeco:dnnl}) and the small helpers of its C API that
 * {@link OneDnnConv2D} uses: status checks, argument lists, raw addresses for memories over ND4J buffers.
 *
 * <p>ND4J is initialised before the library loads, so that the presets' oneDNN binds to the OpenMP runtime
 * ND4J has already loaded (one {@code libgomp} in the process, one thread pool, one thread count and wait policy)
 * rather than starting a second one.
 */
final class OneDnn {
    /** No buffer yet: the memory's address is set per call ({@code DNNL_MEMORY_NONE}). */
    static final Pointer NONE = new Address(0);
    /** Let oneDNN allocate the buffer ({@code DNNL_MEMORY_ALLOCATE}). */
    static final Pointer ALLOCATE = new Address(-1);
    private static volatile dnnl_engine engine;

    private OneDnn() {
    }

    /** The CPU engine, created (and the native library loaded) on first use. */
    static dnnl_engine engine() {
        dnnl_engine e = engine;
        if (e == null) {
            synchronized (OneDnn.class) {
                if (engine == null) {
                    Nd4j.getExecutioner(); // ND4J (and its OpenMP runtime) first
                    dnnl_engine made = new dnnl_engine();
                    ok(dnnl_engine_create(made, dnnl_cpu, 0), "CPU engine");
                    engine = made;
                }
                e = engine;
            }
        }
        return e;
    }

    /** The library's version, e.g. {@code 3.8.1}. */
    static String version() {
        engine();
        dnnl_version_t v = dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    /** Throws when a oneDNN call did not succeed, naming the call. */
    static void ok(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN " + what + " failed with status " + status);
        }
    }

    /** A native argument list of {@code kinds[i]} → {@code memories[i]}. */
    static dnnl_exec_arg_t args(List<Integer> kinds, List<dnnl_memory> memories) {
        dnnl_exec_arg_t a = new dnnl_exec_arg_t(kinds.size());
        for (int i = 0; i < kinds.size(); i++) {
            a.position(i).arg(kinds.get(i)).memory(memories.get(i));
        }
        return a.position(0);
    }

    /** The implementation oneDNN chose for a primitive, e.g. {@code brg_conv_fwd:avx512_core}. */
    static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> name = new PointerPointer<>(1);
        ok(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, name), "implementation query");
        return name.getString(0);
    }

    /** A raw native address as a JavaCPP pointer (not owned). */
    static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
