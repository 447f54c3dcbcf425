package dev.hyperforge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The native build is chosen per machine: the oneDNN/AVX-512 build when the CPU reports AVX-512, the plain
 * x86-64 build otherwise, and {@code HF_ND4J_EXTENSION} overrides. The plain build must work on any x86-64
 * CPU; it is exercised here by forcing it in a second JVM.
 */
class BackendTest {
    @Test
    void selectionFollowsTheCpuAndTheLoadedLibraryMatches() {
        Backend.init();
        boolean avx512 = Backend.cpuHasAvx512();
        String override = System.getenv("HF_ND4J_EXTENSION");
        String expected = override != null ? override : avx512 ? "-onednn-avx512" : "";
        assertEquals("linux-x86_64" + expected, Backend.nativeClassifier());
        String lib = BackendProbeMain.nd4jLibrary();
        assertTrue(lib.contains("linux-x86_64"), lib);
        assertEquals(!expected.isEmpty(), lib.contains("onednn-avx512"), "loaded " + lib + " for " + Backend.nativeClassifier());
    }

    @Test
    void thePlainBuildTrainsWhenSelected() throws IOException, InterruptedException {
        String out = probe("");
        assertTrue(out.contains("classifier=linux-x86_64\n"), out);
        assertTrue(out.contains("library=") && !out.contains("onednn") && !out.contains("library=none"), out);
        assertTrue(out.matches("(?s).*losses=\\[\\d.*"), out);
    }

    private static String probe(String extension) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                BackendProbeMain.class.getName()).redirectErrorStream(true);
        pb.environment().put("HF_ND4J_EXTENSION", extension);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
