package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.export.ExportFormat;
import dev.hyperforge.tracker.export.RunExporter;

/** {@code hf runs --study NAME}: the runs of a study, streamed as a table, CSV or JSON. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs (trials) of a study.")
public final class RunsCommand implements Callable<Integer> {
    @Option(names = "--study", required = true, description = "Study name (see hf studies).")
    String study;

    @Option(names = "--state", paramLabel = "STATE", completionCandidates = Choices.States.class,
            description = "Only runs in this state: ${COMPLETION-CANDIDATES}.")
    TrialState state;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = Choices.Formats.class,
            description = "${COMPLETION-CANDIDATES} (default: table). Columns: run (the run id hf show, hf replay and hf ensemble take), "
                    + "trial (its number in the study), state, value, times, error, param.*, metric.*.")
    ExportFormat format = ExportFormat.TABLE;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            StudyRecord rec = store.runs().findStudyRecord(study).orElseThrow(() -> new IllegalArgumentException(
                    "no study named '" + study + "'; hf studies lists them"));
            RunQuery.Builder q = RunQuery.forStudy(rec.id());
            if (state != null) {
                q.states(state);
            }
            new RunExporter(store.runs()).exportRuns(q.build(), format, out);
        }
        out.flush();
        return Main.OK;
    }
}
