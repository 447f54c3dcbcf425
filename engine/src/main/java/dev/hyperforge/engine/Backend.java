package dev.hyperforge.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;

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
