package dev.hyperforge.experiments.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import dev.hyperforge.tracker.CheckpointRetention;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.model.PointCheck;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.experiments.run.StudyRunner;
import dev.hyperforge.experiments.run.DataCheck;
import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.experiments.run.Workspace;

/** {@code hf tune FILE}: a tuning study with a live progress line and a leaderboard at the end. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Run (or resume) a tuning study of an experiment file; every trial is logged to the database.")
public final class TuneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment file (YAML).")
    Path file;

    @Option(names = "--sampler", paramLabel = "SAMPLER", completionCandidates = Choices.Samplers.class,
            description = "${COMPLETION-CANDIDATES} (gp = bayes; default: the file's).")
    SamplerName sampler;

    @Option(names = "--trials", description = "Trial budget of the study (default: the file's).")
    Integer trials;

    @Option(names = "--workers", description = "Workers (trials at once) in this process (default: ${DEFAULT-VALUE}); "
            + "more machines join with hf worker --study NAME --db URL.")
    int workers = 1;

    @Option(names = "--study", description = "Study name (default: <experiment>-<sampler>); the same name resumes it.")
    String study;

    @Option(names = "--seed", description = "Study seed (default: the file's seed).")
    Long seed;

    @Option(names = "--timeout", description = "Stop starting trials after this long, e.g. 30m, 2h, 90s.")
    String timeout;

    @Option(names = "--quiet", description = "Print only the leaderboard.")
    boolean quiet;

    @Option(names = "--epochs", description = "Train at most this many epochs (quick runs; recorded for replay).")
    Integer epochs;

    @Option(names = "--limit-samples", paramLabel = "N", description = "Use only the first N training samples (quick runs; recorded for replay).")
    Integer limitSamples;

    @Option(names = "--heartbeat", paramLabel = "DURATION", description = "Heartbeat interval of the study's workers "
            + "(default: 10s); a RUNNING trial silent for 3 intervals (at least the interval + 5s) is failed by another worker.")
    String heartbeat;

    @Option(names = "--retry-stale", description = "Re-queue a trial whose worker died (stale heartbeat) with the same parameters.")
    boolean retryStale;

    @Option(names = "--warm-start", paramLabel = "STUDY", description = "When the study is created: seed its sampler with the "
            + "finished trials of an earlier study (same database, same direction) whose parameters fit this file's space.")
    String warmStart;

    @Option(names = "--setup-only", description = "Create or update the study and its settings in the database and exit, "
            + "so that hf worker processes can run it.")
    boolean setupOnly;

    @Option(names = "--allow-changed-file", description = "Resume an existing --study with this file even though the study was made "
            + "from another experiment file (a changed model or search space); without it that is refused.")
    boolean allowChangedFile;
    @Option(names = "--keep-checkpoints", paramLabel = "K|all|none", description = "Checkpoints the study keeps: those of "
            + "the best K trials by the objective, all (default) or none (default: the file's artifacts.keep_checkpoints).")
    String keepCheckpoints;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Experiment e = ExperimentFile.load(file);
        CheckpointRetention retention = keepCheckpoints != null ? CheckpointRetention.parse(keepCheckpoints, "--keep-checkpoints")
                : ExperimentFile.keepCheckpoints(e).map(k -> CheckpointRetention.parse(k, "artifacts.keep_checkpoints")).orElse(null);
        StudyRunner.Options o = new StudyRunner.Options(sampler == null ? null : sampler.fileName(), trials, workers, study, seed, parseDuration(timeout, "--timeout"), quiet,
                new Limits(epochs, limitSamples), parseDuration(heartbeat, "--heartbeat"), retryStale, setupOnly);
        db.check(); // an unusable --db: exit 2 before the data are loaded
        if (!e.searchOnly()) { // missing or unfit data: exit 2 before the database is touched
            DataSet data = DataCheck.loadAndCheck(e); // null for a command experiment without a data section
            if (data != null && e.command().isEmpty()) {
                DataCheck.checkSplitsOverSpace(e, data, o.limits());
                PointCheck.checkOutputPaths(e, Workspace.runDir("study", 1)); // the folder of the study's runs
            }
            if (!quiet && data != null) {
                spec.commandLine().getOut().println("data: " + data.description());
            }
        }
        try (GracefulStop stop = GracefulStop.install(GracefulStop.GRACE)) {
            try (DbOption.Store store = db.open(spec.commandLine().getErr())) {
                StudyRunner runner = new StudyRunner(store.runs(), spec.commandLine().getOut()).stopWith(stop).warmStartFrom(warmStart)
                        .allowChangedFile(allowChangedFile).keepCheckpoints(retention);
                if (runner.tune(e, o).stoppedOnFailures()) { // as hf worker: the study did not do what was asked
                    spec.commandLine().getOut().flush();
                    spec.commandLine().getErr().println("hf: study stopped: " + runner.stopReason());
                    return Main.FAILURE;
                }
            }
        }
        return Main.OK;
    }

    /** Parses {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m} or an ISO-8601 duration. */
    static Duration parseDuration(String text) {
        return parseDuration(text, "--timeout");
    }

    /** Parses a duration option ({@code 90s}, {@code 500ms}, {@code 30m}, {@code 1h30m}, ISO-8601); it must be positive. */
    static Duration parseDuration(String text, String option) {
        if (text == null) {
            return null;
        }
        Duration d = readDuration(text, option);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be a positive duration, received '" + text + "'; use e.g. 90s, 30m or 2h");
        }
        return d;
    }

    private static Duration readDuration(String text, String option) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("\\d{1,9}ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
        } catch (java.time.format.DateTimeParseException ex) {
            throw new IllegalArgumentException(option + ": cannot read '" + text + "' as a duration; use e.g. 90s, 30m, 2h or 1h30m");
        }
    }
}
