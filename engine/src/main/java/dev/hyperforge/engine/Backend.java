package dev.hyperforge.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Selects and initialises the ND4J native backend once per JVM.
 *
 * <p>Both the plain {@code linux-x86_64} and the {@code linux-x86_64-onednn-avx512} native builds are on
 * the class path. Unless the user already chose one with the system property
 * {@code org.bytedeco.javacpp.platform.extension}, the oneDNN/AVX-512 build is selected when the CPU
 * reports AVX-512 (its convolutions are much faster there; figures in engine/BENCHMARK.md) and the plain build
 * otherwise, so the same jar runs on any x86-64 CPU.
 *
 * <pre>{@code
 * Backend.init();                      // idempotent; every engine entry point calls it
 * String c = Backend.nativeClassifier(); // "linux-x86_64-onednn-avx512" on an AVX-512 machine
 * }</pre>
 */
public final class Backend {
    /** System property read by JavaCPP to pick the native build variant. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static volatile boolean initialised;
    private static volatile int threadLimit;

    private Backend() {
    }

    /** Chooses the native build (if not chosen by the user) and loads ND4J. Safe to call repeatedly. */
    public static void init() {
        if (initialised) {
            return;
        }
        synchronized (Backend.class) {
            if (initialised) {
                return;
            }
            if (System.getProperty(EXTENSION_PROPERTY) == null
                    && System.getenv("HF_ND4J_EXTENSION") == null && cpuHasAvx512()) {
                System.setProperty(EXTENSION_PROPERTY, "-onednn-avx512");
            } else if (System.getenv("HF_ND4J_EXTENSION") != null) {
                System.setProperty(EXTENSION_PROPERTY, System.getenv("HF_ND4J_EXTENSION"));
            }
            Nd4j.getBackend();
            initialised = true;
        }
    }

    /** The native build in use, e.g. {@code linux-x86_64-onednn-avx512}. */
    public static String nativeClassifier() {
        init();
        String ext = System.getProperty(EXTENSION_PROPERTY, "");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") ? "linux" : "other";
        String arch = System.getProperty("os.arch", "").replace("amd64", "x86_64");
        return os + "-" + arch + ext;
    }

    /** The ND4J backend class name, e.g. {@code CpuBackend}. */
    public static String backendName() {
        init();
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** Threads used by the native (OpenMP) kernels. */
    public static int nativeThreads() {
        init();
        return Nd4j.getEnvironment().maxMasterThreads();
    }

    /**
     * Shares the cores among {@code workers} trainings running at once in this JVM ({@code hf tune --workers N},
     * {@code hf worker --threads N}): each gets {@code max(1, cores / workers)} threads, where cores is
     * {@code OMP_NUM_THREADS} if set, else {@link Runtime#availableProcessors()}. Without this every training would
     * start as many native threads as there are cores, and N trainings on N cores fight over them (two workers on two
     * cores were slower than one). Sets ND4J's thread counts ({@code maxThreads}, {@code maxMasterThreads}), the
     * BLAS library's and the engine's own kernel pool ({@link dev.hyperforge.engine.kernels.Parallel}); the OpenMP
     * count is kept per thread by OpenMP, so each training thread calls {@link #applyThreadLimit()}. One worker
     * changes nothing.
     *
     * <pre>{@code
     * int each = Backend.shareCores(2);   // on 8 cores: 4
     * // in each training thread, before it trains:
     * Backend.applyThreadLimit();
     * }</pre>
     *
     * @param workers trainings at once, at least 1
     * @return the threads each training gets, or the current native thread count for one worker
     */
    public static int shareCores(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("shareCores needs workers >= 1, received " + workers);
        }
        init();
        if (workers == 1) {
            return nativeThreads();
        }
        int each = Math.max(1, cores() / workers);
        Nd4j.getEnvironment().setMaxThreads(each);
        Nd4j.getEnvironment().setMaxMasterThreads(each);
        Nd4j.factory().blas().setMaxThreads(each);
        threadLimit = each;
        dev.hyperforge.engine.kernels.Parallel.followBackend();
        applyThreadLimit();
        return each;
    }

    /**
     * Applies the limit set by {@link #shareCores} to the OpenMP runtime for the calling thread (OpenMP keeps the
     * thread count per thread); no-op without a limit.
     */
    public static void applyThreadLimit() {
        int n = threadLimit;
        if (n > 0) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        }
    }

    private static int cores() {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && omp.trim().matches("[1-9][0-9]{0,4}")) {
            return Integer.parseInt(omp.trim());
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The OpenMP wait policy of the native kernels as the environment sets it ({@code OMP_WAIT_POLICY}),
     * or {@code "unset"}. It must be set before the JVM starts. With the default (idle OpenMP threads spin
     * for a while after each native op) the spinning threads take the cores from the engine's own Java
     * kernels that run between ops (LSTM recurrence, embedding rows, row-wise updates); {@code passive}
     * avoids that (engine/BENCHMARK.md has the figures). The {@code hf} launcher sets {@code passive} unless the variable is already set.
     */
    public static String openMpWaitPolicy() {
        String v = System.getenv("OMP_WAIT_POLICY");
        return v == null || v.isBlank() ? "unset" : v.trim().toLowerCase(Locale.ROOT);
    }

    static boolean cpuHasAvx512() {
        try {
            Path p = Path.of("/proc/cpuinfo");
            return Files.exists(p) && Files.readString(p).contains(" avx512f");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
