package dev.hyperforge.experiments.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.hyperforge.experiments.bench.DataBenchmark;
import dev.hyperforge.experiments.bench.EngineBenchmark;
import dev.hyperforge.experiments.bench.WarmUp;
import dev.hyperforge.experiments.bench.ReferenceModels;
import dev.hyperforge.search.bench.SearchBenchmark;
import dev.hyperforge.tracker.bench.TrackerBenchmark;
import dev.hyperforge.web.bench.WebBenchmark;

/** {@code hf bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: engine speed, search quality, tracker throughput, dashboard API latency, CSV load time and memory.",
        subcommands = {BenchCommand.Engine.class, BenchCommand.Search.class, BenchCommand.Tracker.class, BenchCommand.Web.class,
                BenchCommand.Data.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code hf bench engine}. */
    @Command(name = "engine", mixinStandardHelpOptions = true,
            description = "Median ms per training and inference batch of the reference models (compare with shared/bench/torch_peer.py).")
    static final class Engine implements Callable<Integer> {
        @Option(names = "--models", split = ",", description = "Models among s1,s2,s5,s6,s7,s8,s9 (default: all).")
        List<String> models = ReferenceModels.names();

        @Option(names = "--batches", description = "Timed batches per model after the warm-up (default: ${DEFAULT-VALUE}).")
        int batches = 20;

        @Option(names = "--warm-up", paramLabel = "jit|fixed", description = "jit: warm up until the JIT compilers are quiet "
                + "(at most 30 s per phase); fixed: 3 batches and at least 1 s (default: ${DEFAULT-VALUE}).")
        String warmUp = "jit";

        @Option(names = "--format", description = "table or json (default: ${DEFAULT-VALUE}).")
        String format = "table";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!Arrays.asList("table", "json").contains(format)) {
                throw new IllegalArgumentException("--format must be table or json, received '" + format + "'");
            }
            for (String m : models) {
                if (!ReferenceModels.names().contains(m)) {
                    throw new IllegalArgumentException("--models: unknown model '" + m + "'; expected some of " + ReferenceModels.names());
                }
            }
            if (batches < 1) {
                throw new IllegalArgumentException("--batches must be at least 1, received " + batches);
            }
            List<EngineBenchmark.Result> results = EngineBenchmark.run(models, batches, WarmUp.parse(warmUp));
            double gflops = EngineBenchmark.gemmGflops();   // after the models: its arrays stay out of their peak memory
            EngineBenchmark.print(results, gflops, format, spec.commandLine().getOut());
            return Main.OK;
        }
    }

    /**
     * {@code hf bench search}: simple regret of the samplers on test functions (same columns as optuna_peer.py), or
     * hypervolume regret on multi-objective ones (same columns as optuna_mo_peer.py).
     */
    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Median simple regret at 10/25/50/100/200 trials and ms per trial of each sampler (compare with shared/bench/optuna_peer.py); "
                    + "with zdt1, zdt2, dtlz2: hypervolume regret at 25/50/100 trials (compare with shared/bench/optuna_mo_peer.py).")
    static final class Search implements Callable<Integer> {
        @Option(names = "--functions", split = ",", description = "branin, hartmann6, rosenbrock4, levy10, mlp6 (mixed), cond4 (conditional); or only multi-objective ones: zdt1, zdt2, dtlz2 (default: branin,hartmann6,rosenbrock4).")
        List<String> functions = List.of("branin", "hartmann6", "rosenbrock4");

        @Option(names = "--samplers", split = ",", description = "random, lhs, sobol, genetic, bayes, tpe, tpe-optuna31; nsga2, gp-parego, gp-ehvi (multi-objective) (default: random,genetic,bayes).")
        List<String> samplers = List.of("random", "genetic", "bayes");

        @Option(names = "--trials", description = "Trials per study (default: ${DEFAULT-VALUE}).")
        int trials = 50;

        @Option(names = "--seeds", description = "Studies per function and sampler (default: ${DEFAULT-VALUE}).")
        int seeds = 20;

        @Option(names = "--via", description = "api (a Java call) or command (the function as an external program per trial, "
                + "parameters as JSON on stdin: the command objective's path; default: ${DEFAULT-VALUE}).")
        String via = "api";

        @Option(names = "--suggest-at", description = "Also time 20 bayes suggestions on each function after this many finished trials, GP from the start and after a cold start (default: 0 = off).")
        int suggestAt = 0;

        @Option(names = "--workers", description = "Trials running at once: the study asks for this many before telling the oldest (default: ${DEFAULT-VALUE}).")
        int workers = 1;

        @Override
        public Integer call() {
            if (trials < 1 || seeds < 1) {
                throw new IllegalArgumentException("--trials and --seeds must be at least 1");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be >= 1, received " + workers);
            }
            if (suggestAt < 0) {
                throw new IllegalArgumentException("--suggest-at must be >= 0, received " + suggestAt);
            }
            if (!List.of("api", "command").contains(via)) {
                throw new IllegalArgumentException("--via must be api or command, received '" + via + "'");
            }
            java.io.PrintStream out = new java.io.PrintStream(System.out, true);
            SearchBenchmark.run(functions, samplers, trials, seeds, SearchBenchmark.Via.valueOf(via.toUpperCase(java.util.Locale.ROOT)),
                    workers, out);
            if (suggestAt > 0) {
                for (String function : functions) {
                    SearchBenchmark.printSuggestionTime(function, suggestAt, out);
                }
            }
            return Main.OK;
        }
    }

    /** {@code hf bench tracker}: metric points per second and page-read latency of the embedded database. */
    @Command(name = "tracker", mixinStandardHelpOptions = true,
            description = "Metric points/s logged into the embedded file database and the time to read a page of 50 runs of a 10 000-run study.")
    static final class Tracker implements Callable<Integer> {
        @Override
        public Integer call() {
            TrackerBenchmark.run(new java.io.PrintStream(System.out, true), TrackerBenchmark.Options.defaults());
            return Main.OK;
        }
    }

    /** {@code hf bench web}: the study page's API latency with a large study in a file database. */
    @Command(name = "web", mixinStandardHelpOptions = true,
            description = "p50/p95 of the study page's API calls over HTTP with 10 000 runs x 100 epochs in a file H2 database.")
    static final class Web implements Callable<Integer> {
        @Option(names = "--runs", description = "Runs in the study (default: ${DEFAULT-VALUE}).")
        int runs = 10_000;

        @Option(names = "--epochs", description = "Epochs per run, four metrics each (default: ${DEFAULT-VALUE}).")
        int epochs = 100;

        @Option(names = "--reads", description = "Timed reads per call (default: ${DEFAULT-VALUE}).")
        int reads = 200;

        @Option(names = "--dir", description = "Keep the database in this directory and reuse it next time (default: a temporary one).")
        java.nio.file.Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            WebBenchmark.run(spec.commandLine().getOut(), new WebBenchmark.Options(dir, runs, epochs, reads));
            return Main.OK;
        }
    }

    /** {@code hf bench data}: load time and memory of a large numeric CSV. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = "Median load time and peak memory of the csv loader on a generated numeric CSV (compare with experiments/tools/pandas_read_csv.py).")
    static final class Data implements Callable<Integer> {
        @Option(names = "--rows", description = "Rows of the generated file (default: ${DEFAULT-VALUE}).")
        int rows = 1_000_000;

        @Option(names = "--columns", description = "Columns of the generated file (default: ${DEFAULT-VALUE}).")
        int columns = 20;

        @Option(names = "--repeats", description = "Loads to take the median of (default: ${DEFAULT-VALUE}).")
        int repeats = 3;

        @Option(names = "--keep", paramLabel = "FILE", description = "Write the CSV here and keep it (default: a temporary file, removed).")
        java.nio.file.Path keep;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (rows < 1 || columns < 2 || repeats < 1) {
                throw new IllegalArgumentException("--rows and --repeats must be at least 1 and --columns at least 2, received " + rows + ", " + repeats
                        + ", " + columns);
            }
            DataBenchmark.print(DataBenchmark.run(rows, columns, repeats, keep), spec.commandLine().getOut());
            return Main.OK;
        }
    }
}
