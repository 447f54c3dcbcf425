package dev.hyperforge.experiments.asktell;

import dev.hyperforge.experiments.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a bash script whose {@code hf} is this build's CLI (a child JVM per call, on the test classpath). */
final class HfScript {
    /** Exit code and output of a script. */
    record Result(int code, String out) {
    }

    private HfScript() {
    }

    /**
     * @param dir where the {@code hf} wrapper and the script go
     * @param script bash text (run with {@code set -euo pipefail}, {@code hf} on the PATH)
     * @param env extra environment, as NAME, VALUE pairs
     * @return exit code and combined output
     */
    static Result run(Path dir, String script, String... env) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path hf = bin.resolve("hf");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(hf, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -cp \"$HF_TEST_CP\" "
                + Main.class.getName() + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(hf, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("script.sh");
        Files.writeString(file, "set -euo pipefail\n" + script, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", file.toString())).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HF_TEST_CP", System.getProperty("java.class.path"));
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("HF_DB");
        pb.environment().remove("HF_TOKEN");
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
