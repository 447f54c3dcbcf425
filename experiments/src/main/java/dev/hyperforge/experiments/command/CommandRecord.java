package dev.hyperforge.experiments.command;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hyperforge.experiments.file.CommandSpec;
import dev.hyperforge.search.CommandProcess;
import dev.hyperforge.tracker.Hashing;

/**
 * What a command run ran, for its provenance: the command line, the working directory, the script and its
 * SHA-256 (when the command names a file), the timeout, and once it ended its exit code and duration.
 */
final class CommandRecord {
    private CommandRecord() {
    }

    /** The part known before the program starts. */
    static Map<String, Object> start(CommandSpec command, List<String> argv, Path dir, Path baseDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", argv);
        m.put("working_dir", dir.toString());
        script(command, baseDir).ifPresent(s -> {
            m.put("script", s.toAbsolutePath().normalize().toString());
            m.put("script_sha256", sha256(s));
        });
        m.put("timeout_s", command.timeout().toMillis() / 1000.0);
        return m;
    }

    /** Adds how the program ended. */
    static void finish(Map<String, Object> record, CommandProcess.Result r) {
        record.put("exit_code", r.exitCode());
        record.put("duration_s", r.duration().toNanos() / 1e9);
        if (r.stopped()) {
            record.put("stopped", r.stopReason());
        }
    }

    /** The static part for the provenance's resolved configuration: the command template and its script. */
    static Map<String, Object> template(CommandSpec command, Path baseDir) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", command.run());
        m.put("working_dir", baseDir.toAbsolutePath().normalize().toString());
        m.put("timeout_s", command.timeout().toMillis() / 1000.0);
        if (!command.env().isEmpty()) {
            m.put("env", command.env());
        }
        script(command, baseDir).ifPresent(s -> {
            m.put("script", s.toAbsolutePath().normalize().toString());
            m.put("script_sha256", sha256(s));
        });
        return m;
    }

    static Optional<Path> script(CommandSpec command, Path baseDir) {
        return command.script(baseDir);
    }

    static String sha256(Path file) {
        return Hashing.sha256Hex(file);
    }
}
