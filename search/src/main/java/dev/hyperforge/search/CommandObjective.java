package dev.hyperforge.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A black-box objective: runs an external command per trial. The command receives the parameters as a JSON
 * object on stdin and as environment variables {@code HF_PARAM_<NAME>} (name upper-cased, characters other than
 * letters, digits and {@code _} replaced by {@code _}; simplex weights comma-separated), plus
 * {@code HF_TRIAL_NUMBER}. The last line of its output (stdout and stderr merged) that is a number is the score.
 * A line {@code HF_REPORT <step> <value>} reports an intermediate value; if the pruner then says so the
 * process tree is stopped and the trial PRUNED. A non-zero exit, a timeout or no number makes the trial FAILED
 * with the output's tail in its error text; the tail is also kept in the user attribute {@code output}. The
 * process handling (bounded memory, stopping the whole process tree) is {@link CommandProcess}'s; the experiment
 * files' {@code command:} objective adds metrics, artifacts and provenance on top of it.
 *
 * <pre>{@code
 * Objective objective = new CommandObjective(List.of("python3", "train.py"), null, Duration.ofHours(1));
 * study.optimize(objective, 50, 4);
 * }</pre>
 */
public final class CommandObjective implements Objective {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("HF_TRIAL_NUMBER", Integer.toString(trial.number()));
        for (Map.Entry<String, Object> e : trial.params().entrySet()) {
            env.put(environmentName(e.getKey()), envValue(e.getValue()));
        }
        CommandProcess process = new CommandProcess(command, workingDirectory, env);
        String[] pruned = new String[1];
        CommandProcess.Result r = process.run(json(trial.params()), timeout, null, line -> {
            if (pruned[0] == null && report(trial, line)) {
                pruned[0] = line;
                process.stop("pruned");
            }
        }, () -> null);
        trial.setUserAttr("output", r.tail());
        if (pruned[0] != null) {
            throw new TrialPrunedException("pruned after '" + pruned[0] + "'");
        }
        return score(r);
    }

    /** The score of a finished program: its last line that is a number, if it exited 0 in time. */
    private double score(CommandProcess.Result r) {
        if (r.stopped()) {
            throw new CommandFailedException("command " + command + " " + r.stopReason() + "; output:\n" + r.tail());
        }
        if (r.exitCode() != 0) {
            throw new CommandFailedException("command " + command + " exited with " + r.exitCode() + "; output:\n" + r.tail());
        }
        if (r.lastNumber() == null) {
            throw new CommandFailedException("command " + command + " printed no number (its last line was '" + r.lastLine()
                    + "'); output:\n" + r.tail());
        }
        return CommandProcess.number(r.lastNumber());
    }

    /** Handles an {@code HF_REPORT <step> <value>} line; true when the pruner says to stop. */
    private static boolean report(Trial trial, String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 3 || !parts[0].equals("HF_REPORT")) {
            return false;
        }
        try {
            trial.report(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
        } catch (RuntimeException e) {
            return false; // not a well-formed report line: treated as ordinary output
        }
        return trial.shouldPrune();
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
