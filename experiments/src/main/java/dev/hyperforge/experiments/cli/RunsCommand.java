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

    @Option(names = "--state", description = "Only runs in this state: RUNNING, COMPLETE, PRUNED, FAILED, WAITING.")
    String state;

    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format = "table";

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ExportFormat f = ExportFormat.parse(format);
        TrialState s = parseState(state);
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            StudyRecord rec = store.runs().findStudyRecord(study).orElseThrow(() -> new IllegalArgumentException(
                    "no study named '" + study + "'; hf studies lists them"));
            RunQuery.Builder q = RunQuery.forStudy(rec.id());
            if (s != null) {
                q.states(s);
            }
            new RunExporter(store.runs()).exportRuns(q.build(), f, out);
        }
        out.flush();
        return Main.OK;
    }

    static TrialState parseState(String s) {
        if (s == null) {
            return null;
        }
        try {
            return TrialState.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--state must be one of RUNNING, COMPLETE, PRUNED, FAILED, WAITING; received '" + s + "'");
        }
    }
}
