package dev.hyperforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A black-box objective: runs an external command per trial. The command receives the parameters as a JSON
 * object on stdin and as environment variables {@code HF_PARAM_<NAME>} (name upper-cased, characters other than
 * letters, digits and {@code _} replaced by {@code _}; simplex weights comma-separated), plus
 * {@code HF_TRIAL_NUMBER}. The last non-blank line of its output (stdout and stderr merged) is the score. A line
 * {@code HF_REPORT <step> <value>} reports an intermediate value; if the pruner then says so the process is
 * killed and the trial PRUNED. A non-zero exit, a timeout or a last line that is not a number makes the trial
 * FAILED with the output kept in its error text; the output tail is also kept in the user attribute
 * {@code output}.
 *
 * <pre>{@code
 * Objective objective = new CommandObjective(List.of("python3", "train.py"), null, Duration.ofHours(1));
 * study.optimize(objective, 50, 4);
 * }</pre>
 */
public final class CommandObjective implements Objective {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEEP_CHARS = 20_000;

    private final List<String> command;
    private final Path workingDirectory;
    private final Duration timeout;

    /**
     * @param command the program and its arguments, non-empty
     * @param workingDirectory where to run it, or null for the current directory
     * @param timeout the longest a trial may run
     */
    public CommandObjective(List<String> command, Path workingDirectory, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("CommandObjective needs a non-empty command, received " + command);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("CommandObjective needs a positive timeout, received " + timeout);
        }
        this.command = List.copyOf(command);
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
    }

    /**
     * @param name a parameter name
     * @return its environment variable name
     */
    public static String environmentName(String name) {
        return "HF_PARAM_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    @Override
    public double evaluate(Trial trial) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        Map<String, String> env = pb.environment();
        env.put("HF_TRIAL_NUMBER", Integer.toString(trial.number()));
        for (Map.Entry<String, Object> e : trial.params().entrySet()) {
            env.put(environmentName(e.getKey()), envValue(e.getValue()));
        }
        Process process = pb.start();
        try {
            return run(trial, process);
        } finally {
            process.destroyForcibly();
        }
    }

    private double run(Trial trial, Process process) throws IOException, InterruptedException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(json(trial.params()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the command may not read its input
        }
        StringBuilder output = new StringBuilder();
        String last = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "hf-command-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                append(output, line);
                if (!line.isBlank()) {
                    last = line.strip();
                }
                if (last != null && last.startsWith("HF_REPORT ")) {
                    report(trial, last, process, output);
                }
            }
        }
        int exit = process.waitFor();
        watchdog.interrupt();
        trial.setUserAttr("output", output.toString());
        if (System.nanoTime() > deadline) {
            throw new CommandFailedException("command " + command + " timed out after " + timeout
                    + "; output:\n" + output);
        }
        if (exit != 0) {
            throw new CommandFailedException("command " + command + " exited with " + exit + "; output:\n" + output);
        }
        try {
            return Double.parseDouble(last == null ? "" : last);
        } catch (NumberFormatException e) {
            throw new CommandFailedException("command " + command + " did not print a number as its last line "
                    + "(received '" + last + "'); output:\n" + output);
        }
    }

    private static void report(Trial trial, String line, Process process, StringBuilder output) {
        String[] parts = line.split("\\s+");
        try {
            trial.report(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
        } catch (RuntimeException e) {
            return; // not a well-formed report line: treated as ordinary output
        }
        if (trial.shouldPrune()) {
            process.destroyForcibly();
            trial.setUserAttr("output", output.toString());
            throw new TrialPrunedException("pruned at step " + parts[1]);
        }
    }

    private static void append(StringBuilder output, String line) {
        output.append(line).append('\n');
        if (output.length() > KEEP_CHARS) {
            output.delete(0, output.length() - KEEP_CHARS);
        }
    }

    private static String envValue(Object v) {
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                sb.append(sb.length() == 0 ? "" : ",").append(o);
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    private static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write parameters as JSON: " + params, e);
        }
    }

    /** The external command failed: non-zero exit, timeout or no number; the message keeps its output. */
    public static final class CommandFailedException extends RuntimeException {
        CommandFailedException(String message) {
            super(message);
        }
    }
}
