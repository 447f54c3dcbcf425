package dev.hyperforge.experiments.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyDeletion;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.StudySummary;

/**
 * {@code hf studies delete NAME}: deletes a study with its runs, metrics, artifacts and provenance in one
 * transaction, after a yes on the terminal or with {@code --yes}; a study with RUNNING trials only with
 * {@code --force} (as Optuna's {@code delete-study} and MLflow's {@code experiments delete}).
 *
 * <pre>{@code
 * hf studies delete fashion-bayes            # asks: Delete study 'fashion-bayes' with 12 runs ...? [y/N]
 * hf studies delete fashion-bayes --yes      # no question (scripts)
 * }</pre>
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a study with its runs, metrics, artifacts and provenance (one transaction; cannot be undone).",
                "Its run directories stay on disk for hf gc."})
public final class StudiesDeleteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The study to delete (see hf studies).")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Delete without asking.")
    boolean yes;

    @Option(names = "--force", description = "Delete even while trials are RUNNING (their workers' later writes fail).")
    boolean force;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            RunStore runs = store.runs();
            StudyRecord study = runs.findStudyRecord(name).orElseThrow(() -> new IllegalArgumentException(
                    "no study named '" + name + "'; hf studies lists them"));
            StudySummary summary = runs.studySummary(study.id());
            long running = summary.counts().get(TrialState.RUNNING);
            if (running > 0 && !force) {
                throw refused(running);
            }
            if (!yes && !confirmed(summary, out)) {
                spec.commandLine().getErr().println("hf: study '" + name + "' kept (not confirmed)");
                return Main.FAILURE;
            }
            StudyDeletion d = delete(runs, study.id());
            out.printf("deleted study '%s': %d runs, %d metric points, %d artifacts; its run directories under %s are left for hf gc%n",
                    d.name(), d.runIds().size(), d.metricPoints(), d.artifacts(), Workspace.runsRoot().resolve(d.name()));
        }
        out.flush();
        return Main.OK;
    }

    private StudyDeletion delete(RunStore runs, long studyId) {
        try {
            return runs.deleteStudy(studyId, force);
        } catch (IllegalStateException e) { // a trial started after the check above
            throw new IllegalArgumentException(e.getMessage() + "; hf studies delete " + name + " --force deletes it anyway", e);
        }
    }

    private IllegalArgumentException refused(long running) {
        return new IllegalArgumentException("study '" + name + "' has " + running + " RUNNING trial(s); stop their workers first "
                + "(or wait), or add --force to delete it anyway");
    }

    /** Asks on the output and reads the answer from the command line's input: y or yes deletes. */
    private boolean confirmed(StudySummary s, PrintWriter out) {
        out.printf("Delete study '%s' with %d runs (%s)? This cannot be undone. [y/N] ", name, s.total(), counts(s));
        out.flush();
        Main root = (Main) spec.root().userObject();
        try {
            String answer = new BufferedReader(new InputStreamReader(root.in(), StandardCharsets.UTF_8)).readLine();
            if (System.console() == null) {
                out.println(); // the answer came from a pipe, not a terminal that echoed its newline
            }
            return answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer", e);
        }
    }

    private static String counts(StudySummary s) {
        StringBuilder b = new StringBuilder();
        s.counts().forEach((state, n) -> {
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(state.name().toLowerCase(Locale.ROOT));
            }
        });
        return b.length() == 0 ? "none" : b.toString();
    }
}
