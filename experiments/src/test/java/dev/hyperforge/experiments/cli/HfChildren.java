package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hf} commands as child JVMs, for tests that need a second process (a dashboard beside a tuner, a server
 * on a non-loopback host); {@link #close} kills what is still running. The children get neither {@code HF_TOKEN}
 * nor {@code HF_DB} from the test's environment.
 *
 * <pre>{@code
 * try (HfChildren hf = new HfChildren()) {
 *     Process serve = hf.start(null, log, "256m", "serve", "--port", "0", "--db", db);
 *     int port = HfChildren.port(serve, log);
 * }
 * }</pre>
 */
final class HfChildren implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("dashboard at http://127\\.0\\.0\\.1:(\\d+)/");
    private final List<Process> children = new ArrayList<>();

    /**
     * @param workDir the child's working directory, or null for the test's
     * @param log where its standard output and error go
     * @param heap its maximum heap ({@code -Xmx})
     * @param args the {@code hf} arguments
     * @return the started process
     */
    Process start(Path workDir, Path log, String heap, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        pb.environment().remove("HF_TOKEN");
        pb.environment().remove("HF_DB");
        Process p = pb.start();
        children.add(p);
        return p;
    }

    /** Waits (up to 90 s) for {@code hf serve}'s "dashboard at …" line and returns the port. */
    static int port(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(p.isAlive(), "hf serve exited early:\n" + Files.readString(log));
            Thread.sleep(100);
        }
        throw new AssertionError("hf serve did not start in 90 s:\n" + Files.readString(log));
    }

    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }
}
