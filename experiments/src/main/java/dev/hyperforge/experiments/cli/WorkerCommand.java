package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.experiments.run.GracefulStop;
import dev.hyperforge.experiments.run.Leaderboard;
import dev.hyperforge.experiments.worker.SharedStudy;
import dev.hyperforge.search.TrialLoop;

/**
 * {@code hf worker --study NAME --db URL}: joins a study held in a shared database (H2 server or PostgreSQL)
 * and runs its trials until the study's budget is spent. The experiment file, budget, heartbeat and caps come
 * from the database ({@code hf tune FILE --study NAME --db URL} put them there), so a worker needs no file.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Join a study in a shared database and run its trials until its budget is spent.")
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--study", required = true, description = "Name of the study to join (created by hf tune ... --study NAME).")
    String study;

    @Option(names = "--threads", description = "Trials at once in this process (default: ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--timeout", description = "Stop starting trials after this long, e.g. 30m, 2h, 90s.")
    String timeout;

    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--allow-commands", description = "Run the study's command (a program named in the experiment file held in the "
            + "database). A command is code: allow it only when you trust everyone who can write to the database.")
    boolean allowCommands;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, received " + threads);
        }
        java.time.Duration until = TuneCommand.parseDuration(timeout, "--timeout");
        PrintWriter out = spec.commandLine().getOut();
        try (GracefulStop stop = GracefulStop.install(GracefulStop.GRACE)) {
            try (DbOption.Store store = db.open(spec.commandLine().getErr())) {
                SharedStudy shared = SharedStudy.join(store.runs(), study);
                checkCommandAllowed(shared);
                if (!quiet) {
                    out.printf("worker joined study '%s' (experiment %s, %d trials, heartbeat %.1f s)%n", study, shared.experiment().name(),
                            shared.settings().budget(), shared.settings().heartbeat().toMillis() / 1000.0);
                    out.flush();
                }
                TrialLoop.Report r = shared.work(threads, until, out, quiet, stop);
                out.printf("worker done: %s; %d trial(s) run here%n", shared.describe(r), r.trials().size());
                if (!quiet) {
                    Leaderboard.print(shared.study(), shared.study().trials(), shared.objectives(), out);
                }
                out.flush();
                return r.ending() == TrialLoop.Ending.BUDGET_SPENT || r.ending() == TrialLoop.Ending.TIMEOUT ? Main.OK : Main.FAILURE;
            }
        }
    }

    /** The database is a trust boundary: a command read from it runs only with {@code --allow-commands}. */
    private void checkCommandAllowed(SharedStudy shared) {
        shared.experiment().command().ifPresent(c -> {
            if (!allowCommands) {
                throw new IllegalArgumentException("study '" + study + "' runs a command read from the database: " + c.run()
                        + ". A command is code, and anyone who can write to the database could have put it there; "
                        + "this worker runs it only when started with --allow-commands");
            }
        });
    }
}
