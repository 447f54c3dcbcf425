package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.tracker.export.ExportFormat;
import dev.hyperforge.tracker.export.RunExporter;

/** {@code hf studies}: every study with its sampler, trials by state and best value; {@code hf studies delete NAME} removes one. */
@Command(name = "studies", mixinStandardHelpOptions = true, description = "List the studies in the database.",
        subcommands = StudiesDeleteCommand.class)
public final class StudiesCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Choices.Formats.class,
            description = "${COMPLETION-CANDIDATES} (default: table).")
    ExportFormat format = ExportFormat.TABLE;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            new RunExporter(store.runs()).exportStudies(format, out);
        }
        out.flush();
        return Main.OK;
    }
}
