package dev.hyperforge.experiments.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release a user installs without the source tree: {@code mvn package} builds
 * {@code experiments/target/hyperforge-<version>.tar.gz}; unpacked anywhere, its {@code bin/hf} runs (also through a
 * symlink on PATH), and so does the source tree's {@code ./hf} through a symlink. Runs in {@code verify} (failsafe),
 * after the tarball exists; the launchers start real JVMs.
 */
class ReleaseTarballIT {
    @TempDir
    static Path tmp;
    private static Path home;
    private static final String VERSION = System.getProperty("hf.version");

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("hf.release.tarball"));
        assertTrue(Files.isRegularFile(tarball), "mvn package builds " + tarball);
        assertEquals("hyperforge-" + VERSION + ".tar.gz", tarball.getFileName().toString());
        Result untar = run(List.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()), Map.of());
        assertEquals(0, untar.code(), untar.toString());
        home = tmp.resolve("hyperforge-" + VERSION);
    }

    @Test
    void theTarballHoldsTheLauncherAndEveryJarOnce() throws IOException {
        assertTrue(Files.isExecutable(home.resolve("bin/hf")));
        List<String> jars;
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            jars = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().allMatch(j -> j.endsWith(".jar")), jars.toString());
        for (String module : List.of("experiments", "engine", "search", "tracker", "ensemble", "web")) {
            assertEquals(1, jars.stream().filter(j -> j.equals(module + "-" + VERSION + ".jar")).count(), module + " in " + jars);
        }
        assertEquals(1, jars.stream().filter(j -> j.matches("nd4j-native-\\d.*-linux-x86_64\\.jar")).count(),
                "ND4J's natives once: " + jars);
        assertTrue(Files.size(home.resolve("lib/experiments-" + VERSION + ".jar")) < 20_000_000,
                "the hf jar holds its own classes and data, no dependency shaded into it (ND4J's natives alone are 87 MB)");
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("picocli-")) && jars.stream().anyMatch(j -> j.startsWith("h2-")), jars.toString());
        // oneDNN 3.x for Conv2D at numerics V6 (its natives and the OpenCL loader its library links), on one JavaCPP runtime
        assertEquals(1, jars.stream().filter(j -> j.matches("dnnl-3\\..*-linux-x86_64\\.jar")).count(), "oneDNN 3.x natives once: " + jars);
        assertEquals(1, jars.stream().filter(j -> j.matches("opencl-.*-linux-x86_64\\.jar")).count(), "OpenCL loader once: " + jars);
        assertEquals(1, jars.stream().filter(j -> j.matches("javacpp-[0-9.]+\\.jar")).count(), "one JavaCPP runtime: " + jars);
    }

    @Test
    void unpackedBinHfPrintsTheVersionAndOpensADatabase() throws Exception {
        Result v = run(List.of(home.resolve("bin/hf").toString(), "--version"), Map.of());
        assertEquals(0, v.code(), v.toString());
        assertEquals("Hyperforge " + VERSION, v.out().lines().findFirst().orElse(""), v.toString());
        assertTrue(v.out().contains("Java "), v.toString());
        Result studies = run(List.of(home.resolve("bin/hf").toString(), "studies", "--db", "jdbc:h2:mem:release"), Map.of());
        assertEquals(0, studies.code(), studies.toString());
        assertTrue(studies.out().startsWith("name"), studies.toString());
    }

    @Test
    void binHfRunsThroughASymlinkOnPath() throws Exception {
        Path onPath = Files.createDirectories(tmp.resolve("path-release"));
        Files.createSymbolicLink(onPath.resolve("hf"), home.resolve("bin/hf"));
        Result r = run(List.of("bash", "-c", "cd / && hf --version"), Map.of("PATH", onPath + ":" + System.getenv("PATH")));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Hyperforge " + VERSION), r.toString());
    }

    @Test
    void theSourceTreeLauncherRunsThroughASymlinkOnPath() throws Exception {
        Path script = Path.of("..", "hf").toAbsolutePath().normalize(); // failsafe runs in the experiments module
        assertTrue(Files.isExecutable(script), script.toString());
        Path onPath = Files.createDirectories(tmp.resolve("path-source"));
        Files.createSymbolicLink(onPath.resolve("hf"), script);
        Result r = run(List.of("bash", "-c", "cd / && hf --version"),
                Map.of("PATH", onPath + ":" + System.getenv("PATH"), "HF_NO_BUILD", "1"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Hyperforge " + VERSION), r.toString());
    }

    @Test
    void hfDebugAddsTheStackTraceToTheMessage() throws Exception {
        List<String> cmd = List.of(home.resolve("bin/hf").toString(), "show", "999", "--db", "jdbc:h2:mem:debug");
        Result plain = run(cmd, Map.of());
        assertEquals(2, plain.code(), plain.toString());
        assertTrue(plain.err().startsWith("hf: no run with id 999"), plain.toString());
        assertFalse(plain.err().contains("\tat "), "no stack trace by default: " + plain);
        Result debug = run(cmd, Map.of("HF_DEBUG", "1"));
        assertEquals(2, debug.code(), debug.toString());
        assertTrue(debug.err().contains("\tat dev.hyperforge."), "HF_DEBUG prints the stack trace: " + debug);
    }

    /** Exit code and output of a process. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** Runs a command with extra environment variables (JAVA_HOME is this JVM's), waiting at most two minutes. */
    static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("HF_JAVA_OPTS", "-Xmx256m");
        pb.environment().remove("HF_DEBUG");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " still running after 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
