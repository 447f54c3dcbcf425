package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.hyperforge.experiments.command.CommandRuns;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.ExperimentFile;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.experiments.model.PointCheck;
import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.experiments.run.SingleRun;
import dev.hyperforge.experiments.run.DataCheck;
import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.experiments.run.RunHeartbeat;
import java.time.Duration;
import dev.hyperforge.experiments.run.Workspace;

/** {@code hf train FILE}: one tracked training run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one model of an experiment file with default or given parameters; prints the run id.")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Experiment file (YAML).")
    Path file;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A parameter value (repeatable), e.g. --set units=64.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", description = "Seed of weights, shuffling and dropout (default: the file's seed).")
    Long seed;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--epochs", description = "Train at most this many epochs (quick runs; recorded for replay).")
    Integer epochs;

    @Option(names = "--limit-samples", paramLabel = "N", description = "Use only the first N training samples (quick runs; recorded for replay).")
    Integer limitSamples;

    @Option(names = "--heartbeat", paramLabel = "DURATION", description = "How often the run's heartbeat is refreshed (default: 10s);"
            + " the run of a process killed meanwhile is marked FAILED by the next hf command once silent for 3 intervals"
            + " (at least the interval + 5s).")
    String heartbeat;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Experiment e = ExperimentFile.load(file);
        if (e.searchOnly()) {
            throw new IllegalArgumentException(file + " has only a search section: there is no model to train; its trials are run"
                    + " outside Hyperforge with hf ask / hf tell (docs/ask-tell.md)");
        }
        Duration beat = heartbeat == null ? RunHeartbeat.DEFAULT_INTERVAL : TuneCommand.parseDuration(heartbeat, "--heartbeat");
        if (beat.toMillis() < 100) {
            throw new IllegalArgumentException("--heartbeat must be at least 100ms, received " + heartbeat);
        }
        Map<String, Object> given = parseSets(sets);
        ModelFactory.params(e, given);
        if (e.command().isPresent()) {
            return trainProgram(e, given, beat);
        }
        PointCheck.check(e, given); // every value of this point, and the memory it needs, before the database is touched
        Limits limits = new Limits(epochs, limitSamples);
        PrintWriter out = spec.commandLine().getOut();
        DataSet data = DataCheck.loadAndCheck(e); // missing or unfit data: exit 2 before the database is touched
        DataCheck.checkSplits(e, data, limits, given);
        PointCheck.checkOutputPaths(e, Workspace.runDir(e.name() + "-train", 1));
        if (!quiet) {
            out.println("data: " + data.description());
        }
        // on Ctrl-C the run is marked FAILED and only then the database closed (embedded H2 opens with DB_CLOSE_ON_EXIT=FALSE)
        try (GracefulStop stop = GracefulStop.install(GracefulStop.GRACE); DbOption.Store store = db.open(spec.commandLine().getErr())) {
            SingleRun.Result r = SingleRun.train(e, given, seed != null ? seed : e.seed(), store.runs(), !quiet, limits, stop, beat);
            out.printf("run %d (study '%s-train', trial %d): %s = %.4f%n", r.run().id(), e.name(), r.run().number(),
                    r.outcome().folds().isEmpty() ? "score" : new dev.hyperforge.experiments.run.TrialRunner(e, null).objective().metric(),
                    r.outcome().score());
            r.outcome().meanFinal().forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %.4f%n", k, v));
            out.println("run id: " + r.run().id());
        }
        return Main.OK;
    }

    /** One tracked run of a command experiment's program. */
    private Integer trainProgram(Experiment e, Map<String, Object> given, Duration beat) {
        PrintWriter out = spec.commandLine().getOut();
        DataCheck.loadAndCheck(e);
        try (DbOption.Store store = db.open(spec.commandLine().getErr())) {
            CommandRuns.Result r = CommandRuns.train(e, given, seed != null ? seed : e.seed(), store.runs(), store::close, beat);
            out.printf(Locale.ROOT, "run %d (study '%s-train', trial %d): score = %.6g (exit code %d, %.1f s)%n", r.run().id(), e.name(),
                    r.run().number(), r.outcome().score(), r.outcome().exitCode(), r.outcome().duration().toMillis() / 1000.0);
            new java.util.TreeMap<>(r.outcome().lastMetrics()).forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %.6g%n", k, v));
            out.println("run id: " + r.run().id());
        }
        return Main.OK;
    }

    /** {@code name=value} pairs, values typed as int, float, boolean or string. */
    static Map<String, Object> parseSets(List<String> sets) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects NAME=VALUE, received '" + s + "'");
            }
            Object v = typed(s.substring(eq + 1).trim());
            if (v instanceof Double d && !Double.isFinite(d)) {
                throw new IllegalArgumentException("--set " + s + ": a parameter value must be a finite number, received " + d);
            }
            out.put(s.substring(0, eq).trim(), v);
        }
        return out;
    }

    private static Object typed(String v) {
        try {
            long l = Long.parseLong(v);
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException notInt) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notDouble) {
                return v.equals("true") || v.equals("false") ? (Object) Boolean.parseBoolean(v) : v;
            }
        }
    }
}
