package dev.hyperforge.experiments.cli;

import dev.hyperforge.experiments.asktell.ExternalStudy;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.web.AskTell;
import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hf tell --study S --trial 3 --value 0.91} (or {@code --pruned}, {@code --failed "reason"}): finishes a RUNNING
 * trial that {@code hf ask} handed out. A trial that is not RUNNING is refused with its state (exit 1).
 */
@Command(name = "tell", mixinStandardHelpOptions = true,
        description = "Finish a RUNNING trial of a study driven from outside: its score, or pruned, or failed.")
public final class TellCommand implements Callable<Integer> {
    @Option(names = "--study", required = true, description = "Study name.")
    String study;

    @Option(names = "--trial", required = true, description = "Trial number (\"trial\" in the hf ask output).")
    int trial;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Result result;

    static final class Result {
        @Option(names = "--value", description = "The trial's score (NaN or infinite: the trial FAILS).")
        Double value;

        @Option(names = "--values", split = ",", paramLabel = "V1,V2,...",
                description = "A multi-objective study's scores, one per objective in the file's order, e.g. 0.8,0.12.")
        List<Double> values;

        @Option(names = "--pruned", description = "The program stopped the trial early (its last logged objective value is kept).")
        boolean pruned;

        @Option(names = "--failed", paramLabel = "REASON", description = "The trial failed, with this reason.")
        String failed;
    }

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AskTell.Outcome outcome = result.value != null ? AskTell.Outcome.complete(result.value)
                : result.values != null ? AskTell.Outcome.complete(result.values)
                : result.pruned ? AskTell.Outcome.pruned() : AskTell.Outcome.failed(result.failed);
        try (DbOption.Store store = db.open()) {
            FrozenTrial t;
            try {
                t = ExternalStudy.open(store.runs(), study).tell(trial, outcome);
            } catch (NoSuchElementException e) {
                throw new IllegalArgumentException(e.getMessage() + "; hf ask prints the trial number to tell", e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("trial " + t.number() + " of study '" + study + "': " + t.state()
                    + (t.values().isEmpty() ? "" : " " + (t.values().size() == 1 ? t.values().get(0) : t.values()))
                    + (t.error() == null ? "" : " (" + t.error() + ")"));
            out.flush();
        }
        return Main.OK;
    }
}
