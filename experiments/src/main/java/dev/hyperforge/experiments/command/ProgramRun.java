package dev.hyperforge.experiments.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.hyperforge.experiments.file.CommandSpec;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.search.TrialAbortedException;
import dev.hyperforge.search.CommandObjective;
import dev.hyperforge.search.CommandProcess;
import dev.hyperforge.search.TrialPrunedException;
import dev.hyperforge.tracker.RunStore;

/**
 * One run of a command experiment's program, recorded in the tracker. The program gets the parameters as a JSON
 * object on stdin and as {@code HF_PARAM_<NAME>} variables, plus {@code HF_TRIAL_NUMBER}, {@code HF_RUN_ID},
 * {@code HF_STUDY} and {@code HF_RUN_DIR} (a fresh directory whose files become the run's artifacts). Its
 * {@code HF_METRIC <name> <step> <value>} lines become the run's metrics and {@code HF_REPORT <step> <value>}
 * lines intermediate values for the pruner; the score is the objective metric's last value, or else the last
 * line that is a number. Its output is kept as the artifact {@code output.log}; what it ran (command line,
 * working directory, script SHA-256, exit code, duration) is the run's system attribute {@code command}.
 *
 * <pre>{@code
 * ProgramRun.Outcome o = new ProgramRun(experiment, store, run.id(), "study", 0)
 *         .run(Map.of("lr", 0.01), (step, value) -> false, () -> null);
 * }</pre>
 */
public final class ProgramRun {
    /** The system attribute that records what was run. */
    public static final String ATTRIBUTE = "command";
    /** The artifact that holds the program's output. */
    public static final String OUTPUT_LOG = "output.log";
    private static final int ERROR_TAIL = 2_000;

    private final Experiment experiment;
    private final CommandSpec command;
    private final RunStore store;
    private final long runId;
    private final String study;
    private final int trialNumber;

    /** Receives the program's intermediate values; returns true to stop (prune) it. */
    @FunctionalInterface
    public interface Pruning {
        /**
         * @param step the step the program reported
         * @param value its value
         * @return whether to stop the program and prune the trial
         */
        boolean report(int step, double value);
    }

    /**
     * What a finished program produced.
     *
     * @param score the objective's value
     * @param exitCode the program's exit code
     * @param duration how long it ran
     * @param lastMetrics the last value of each metric it printed
     */
    public record Outcome(double score, int exitCode, Duration duration, Map<String, Double> lastMetrics) {
    }

    /**
     * @param experiment a command experiment
     * @param store where metrics, artifacts and attributes go
     * @param runId the run (trial) being recorded
     * @param study the study's name ({@code HF_STUDY} and the run directory)
     * @param trialNumber the trial's number in its study
     */
    public ProgramRun(Experiment experiment, RunStore store, long runId, String study, int trialNumber) {
        this.experiment = experiment;
        this.command = experiment.command().orElseThrow(() -> new IllegalArgumentException(experiment.name() + " has no command section"));
        this.store = store;
        this.runId = runId;
        this.study = study;
        this.trialNumber = trialNumber;
    }

    /**
     * Runs the program to its end.
     *
     * @param params the run's complete parameters
     * @param pruning decides on each {@code HF_REPORT}
     * @param stopRequested polled while it runs: a non-null reason (Ctrl-C, SIGTERM) stops it
     * @return its outcome
     * @throws TrialPrunedException when pruning stopped it
     * @throws TrialAbortedException when it failed: its message is the reason followed by the output's tail
     */
    public Outcome run(Map<String, ?> params, Pruning pruning, Supplier<String> stopRequested) {
        List<String> argv = argv(params);
        Path dir = experiment.source().baseDir().toAbsolutePath().normalize();
        Path runDir = Workspace.runDir(study, runId).toAbsolutePath().normalize();
        Path files = freshDirectory(runDir.resolve("artifacts"));
        Path log = runDir.resolve(OUTPUT_LOG);
        Map<String, Object> record = CommandRecord.start(command, argv, dir, experiment.source().baseDir());
        MetricLines metrics = new MetricLines(store, runId);
        CommandProcess process = new CommandProcess(argv, dir, environment(params, files));
        int[] prunedAt = {-1};
        CommandProcess.Result r;
        try {
            r = process.run(Json.write(params), command.timeout(), log, line -> {
                MetricLines.Report rep = metrics.accept(line);
                if (rep != null && prunedAt[0] < 0 && pruning.report(rep.step(), rep.value())) {
                    prunedAt[0] = rep.step();
                    process.stop("pruned at step " + rep.step());
                }
            }, stopRequested);
        } catch (IOException e) {
            record.put("error", e.getMessage());
            store.putSystemAttribute(runId, ATTRIBUTE, Json.write(record));
            throw new TrialAbortedException("the program could not be started: " + e.getMessage() + " (command " + argv
                    + ", working directory " + dir + "); is it installed and on the PATH?");
        } finally {
            metrics.flush();
        }
        CommandRecord.finish(record, r);
        store.putSystemAttribute(runId, ATTRIBUTE, Json.write(record));
        Artifacts.save(store, runId, log, files);
        return outcome(r, metrics, prunedAt[0], stopRequested);
    }

    private Outcome outcome(CommandProcess.Result r, MetricLines metrics, int prunedAt, Supplier<String> stopRequested) {
        if (prunedAt >= 0) {
            throw new TrialPrunedException("the pruner stopped the program at step " + prunedAt);
        }
        String stop = stopRequested == null ? null : stopRequested.get();
        if (stop != null || r.stopped()) {
            throw failed(stop != null ? stop : "the program " + r.stopReason(), r);
        }
        if (r.exitCode() != 0) {
            throw failed("the program exited with code " + r.exitCode(), r);
        }
        Objective objective = objective(experiment);
        Double score = metrics.last().get(objective.metric());
        String from = "its last HF_METRIC " + objective.metric() + " line";
        if (score == null && r.lastNumber() != null) {
            score = CommandProcess.number(r.lastNumber());
            from = "its last line that is a number ('" + r.lastNumber() + "')";
        }
        if (score == null) {
            throw failed("the program printed no score: no 'HF_METRIC " + objective.metric() + " <step> <value>' line and no line that "
                    + "is a number (its last line was '" + r.lastLine() + "')", r);
        }
        if (!Double.isFinite(score)) {
            throw failed("the program's score is " + score + " (" + from + "); a score must be a finite number", r);
        }
        return new Outcome(score, r.exitCode(), r.duration(), metrics.last());
    }

    /** The objective: the file's, or {@code score} minimised when the file has no search section. */
    static Objective objective(Experiment experiment) {
        return experiment.search().map(s -> s.objective()).orElse(new Objective("score", dev.hyperforge.search.Direction.MINIMIZE));
    }

    private static TrialAbortedException failed(String reason, CommandProcess.Result r) {
        String tail = r.tail();
        if (tail.length() > ERROR_TAIL) {
            tail = "..." + tail.substring(tail.length() - ERROR_TAIL);
        }
        return new TrialAbortedException(reason + "; the end of its output (" + OUTPUT_LOG + "):\n" + tail);
    }

    /** The command line with the run's values put in; a relative program path is made absolute against the file's folder. */
    List<String> argv(Map<String, ?> params) {
        List<String> argv = new java.util.ArrayList<>(command.argv(params, experiment.space()));
        String program = argv.get(0);
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            argv.set(0, experiment.source().baseDir().resolve(program).toAbsolutePath().normalize().toString());
        }
        return argv;
    }

    private Map<String, String> environment(Map<String, ?> params, Path files) {
        Map<String, String> env = new LinkedHashMap<>(command.environment(params, experiment.space()));
        params.forEach((k, v) -> env.put(CommandObjective.environmentName(k), CommandSpec.text(v)));
        env.put("HF_TRIAL_NUMBER", Integer.toString(trialNumber));
        env.put("HF_RUN_ID", Long.toString(runId));
        env.put("HF_STUDY", study);
        env.put("HF_RUN_DIR", files.toString());
        return env;
    }

    private static Path freshDirectory(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
