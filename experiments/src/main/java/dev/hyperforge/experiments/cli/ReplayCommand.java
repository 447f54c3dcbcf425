package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.hyperforge.experiments.run.Replay;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;

/**
 * {@code hf replay RUN_ID} retrains a run from what the database holds and compares the metrics;
 * {@code hf replay --study NAME} re-runs the study's sampler and compares its suggestions.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild a past run (or a study's suggestions) from the database and report whether the numbers match.")
public final class ReplayCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(index = "0", paramLabel = "RUN_ID",
                description = "Run id to retrain and compare: the 'run' column of hf runs and of the hf tune leaderboard.")
        Long runId;

        @Option(names = "--study", description = "Study whose sampler suggestions to replay.")
        String study;
    }

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            boolean same = target.runId != null ? Replay.run(store.runs(), target.runId, out).identical()
                    : Replay.study(store.runs(), target.study, out);
            out.flush();
            return same ? Main.OK : Main.FAILURE;
        }
    }

    /** The run, or a bad-input error naming the id. */
    static Run requireRun(RunStore s, long id) {
        try {
            return s.run(id);
        } catch (java.util.NoSuchElementException e) {
            throw new IllegalArgumentException("no run with id " + id + "; hf runs --study NAME lists them");
        }
    }

}
