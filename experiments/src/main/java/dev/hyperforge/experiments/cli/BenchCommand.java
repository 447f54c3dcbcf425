package dev.hyperforge.experiments.cli;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.hyperforge.experiments.bench.EngineBenchmark;
import dev.hyperforge.experiments.bench.ReferenceModels;

/** {@code hf bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: engine speed, search quality, tracker throughput.",
        subcommands = {BenchCommand.Engine.class})
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
        @Option(names = "--models", split = ",", description = "Models among s1,s2,s5,s6 (default: all).")
        List<String> models = ReferenceModels.names();

        @Option(names = "--batches", description = "Timed batches per model after 3 warm-up batches (default: ${DEFAULT-VALUE}).")
        int batches = 20;

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
            double gflops = EngineBenchmark.gemmGflops();
            List<EngineBenchmark.Result> results = EngineBenchmark.run(models, batches);
            EngineBenchmark.print(results, gflops, format, spec.commandLine().getOut());
            return Main.OK;
        }
    }
}
