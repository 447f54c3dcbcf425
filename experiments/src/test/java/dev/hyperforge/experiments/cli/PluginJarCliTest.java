package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.experiments.data.DataLoader;

/**
 * A user's plug-in jar, compiled and packed while the test runs: a data loader ({@code ramp}) and a callback
 * ({@code TouchCallback}) declared in {@code META-INF/services}, used by name from an experiment file through
 * {@code hf --classpath} (the same class path {@code HF_CLASSPATH} feeds).
 */
class PluginJarCliTest {
    static final String LOADER = """
            package acme;
            import java.util.*;
            import dev.hyperforge.experiments.data.*;
            import org.nd4j.linalg.factory.Nd4j;
            public final class RampLoader implements DataLoader {
                public String name() { return "ramp"; }
                public Set<String> options() { return Set.of("samples"); }
                public boolean hasTestSet() { return false; }
                public DataSet load(Map<String, Object> o, long seed) {
                    int n = ((Number) o.getOrDefault("samples", 64)).intValue();
                    float[] x = new float[n];
                    float[] y = new float[n];
                    for (int i = 0; i < n; i++) { x[i] = i / (float) n; y[i] = 2 * x[i] + 1; }
                    return DataSet.of(Map.of("x", Nd4j.create(x, new long[] {n, 1}, 'c')), Map.of("y", Nd4j.create(y, new long[] {n, 1}, 'c')),
                            new Fingerprint().update("ramp " + n).hex(), "ramp " + n);
                }
            }
            """;
    static final String CALLBACK = """
            package acme;
            import java.util.Map;
            import java.nio.file.*;
            import dev.hyperforge.engine.callbacks.Callback;
            public final class TouchCallback implements Callback {
                private final String file;
                public TouchCallback() { this(Map.of()); }
                public TouchCallback(Map<String, Object> args) { file = String.valueOf(args.getOrDefault("file", "touched")); }
                public void onTrainEnd(Map<String, Double> logs) {
                    try { Files.writeString(Path.of(file), "trained " + logs.keySet()); } catch (java.io.IOException e) { throw new RuntimeException(e); }
                }
            }
            """;

    static final String LAYER = """
            package acme;

            import java.util.Collection;
            import java.util.List;
            import java.util.Map;
            import org.nd4j.linalg.api.ndarray.INDArray;
            import dev.hyperforge.engine.Shape;
            import dev.hyperforge.engine.layers.Layer;
            import dev.hyperforge.engine.layers.LayerContext;
            import dev.hyperforge.engine.layers.LayerProvider;
            import dev.hyperforge.engine.layers.ParamInit;

            /** y = 2x, and the provider that registers it. */
            public final class Doubler extends Layer {
                public static final class Provider implements LayerProvider {
                    public Collection<Class<? extends Layer>> layers() { return List.of(Doubler.class); }
                }
                public String type() { return "Doubler"; }
                public Shape outputShape(List<Shape> in) { return in.get(0); }
                protected void buildParams(List<Shape> in, ParamInit init) { }
                public INDArray forward(List<INDArray> in, LayerContext ctx) { return in.get(0).mul(2.0); }
                public List<INDArray> backward(INDArray g, LayerContext ctx) { return List.of(g.mul(2.0)); }
                public Map<String, Object> arguments() { return Map.of(); }
                public static Layer fromConfig(Map<String, Object> args) { return new Doubler(); }
            }
            """;

    /** Compiles the three classes against the running class path and packs them with their service files. */
    static Path pluginJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/acme"));
        Files.writeString(src.resolve("RampLoader.java"), LOADER);
        Files.writeString(src.resolve("TouchCallback.java"), CALLBACK);
        Files.writeString(src.resolve("Doubler.java"), LAYER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> cp = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(DataLoader.class, Callback.class, org.nd4j.linalg.factory.Nd4j.class)) {
            cp.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-classpath", String.join(File.pathSeparator, cp), "-d", classes.toString(),
                src.resolve("RampLoader.java").toString(), src.resolve("TouchCallback.java").toString(),
                src.resolve("Doubler.java").toString());
        assertEquals(0, rc, "the plug-in compiles");
        Path jar = dir.resolve("acme-plugins.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                put(out, classes.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
            put(out, "META-INF/services/dev.hyperforge.experiments.data.DataLoader", "acme.RampLoader\n".getBytes(StandardCharsets.UTF_8));
            put(out, "META-INF/services/dev.hyperforge.engine.callbacks.Callback", "acme.TouchCallback\n".getBytes(StandardCharsets.UTF_8));
            put(out, "META-INF/services/dev.hyperforge.engine.layers.LayerProvider", "acme.Doubler$Provider\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        ((OutputStream) out).write(bytes);
        out.closeEntry();
    }

    /** The experiment; its plug-in callback writes {@code touched.txt} in the run's directory (paths stay inside it). */
    static String experiment() {
        return """
                name: plugin-ramp
                seed: 7
                data:
                  loader: ramp
                  options: {samples: 64}
                  split: {validation: 0.25}
                model:
                  inputs:
                    - {name: x, shape: [1]}
                  layers:
                    - {name: h, type: Dense, args: {units: "${units}", activation: relu}}
                    - {name: twice, type: Doubler}
                    - {name: y, type: Dense, args: {units: 1}}
                compile:
                  optimizer: {type: adam, learning_rate: 0.01}
                  loss: mse
                fit:
                  epochs: 2
                  batch_size: 16
                  callbacks:
                    - type: TouchCallback
                      args: {file: touched.txt}
                search:
                  space:
                    units: {type: int, low: 2, high: 4}
                  objective: {metric: val_loss, direction: min}
                """;
    }

    @Test
    void aLoaderALayerAndACallbackFromAJarAreUsedByName(@TempDir Path dir) throws IOException {
        Path jar = pluginJar(dir);
        Path touched = dev.hyperforge.experiments.run.Workspace.runDir("plugin-ramp-random", 1).resolve("touched.txt");
        Files.deleteIfExists(touched);
        Path file = dir.resolve("ramp.yaml");
        Files.writeString(file, experiment());
        Cli.Result without = Cli.run("tune", file.toString(), "--trials", "1", "--db", Cli.memDb("plugin"));
        assertEquals(2, without.code(), without.toString());
        assertTrue(without.err().contains("unknown loader 'ramp'"), without.toString());
        Cli.Result with = Cli.run("--classpath", jar.toString(), "tune", file.toString(), "--trials", "1", "--db", Cli.memDb("plugin"));
        assertEquals(0, with.code(), with.toString());
        assertTrue(Files.readString(touched).startsWith("trained "), "the plug-in callback ran at the end of training");
        Cli.Result missing = Cli.run("--classpath", dir.resolve("nope.jar").toString(), "tune", file.toString(), "--db", Cli.memDb("plugin"));
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("nope.jar"), missing.toString());
    }

    @Test
    void hfClasspathInTheEnvironmentBringsThePluginsToANewJvm(@TempDir Path dir) throws Exception {
        Path jar = pluginJar(dir);
        Path touched = dir.resolve("runs/plugin-ramp-random/run-1/touched.txt");
        Path file = dir.resolve("ramp.yaml");
        Files.writeString(file, experiment());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-Dhf.runs=" + dir, Main.class.getName(), "tune", file.toString(), "--trials", "1", "--db", "jdbc:h2:mem:plugin-env")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().put("HF_CLASSPATH", jar.toString());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "hf tune should finish");
        String out = Files.readString(dir.resolve("out.log"));
        assertEquals(0, p.exitValue(), out);
        assertTrue(Files.readString(touched).startsWith("trained "), "the plug-in callback ran: " + out);
    }
}
