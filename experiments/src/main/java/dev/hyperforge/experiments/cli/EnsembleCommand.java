package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hf ensemble --runs 3,5,7 [--weights 0.5,0.3,0.2 | --greedy | --optimize] [--save NAME]}: an ensemble of
 * runs of one study from their stored validation predictions, its validation metric next to the best single
 * model's; {@code --save} stores it in the tracker (the dashboard lists it).
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Combine runs of a study (weighted mean / weighted probabilities of their validation predictions).")
public final class EnsembleCommand implements Callable<Integer> {
    @Option(names = "--runs", required = true, paramLabel = "IDS", description = "Member run ids, e.g. 3,5,7 (runs of one study; the 'run' column of hf runs).")
    String runs;

    @Option(names = "--weights", paramLabel = "W", description = "Weights by hand, one per run, e.g. 0.5,0.3,0.2 (normalised).")
    String weights;

    @Option(names = "--greedy", description = "Greedy ensemble selection with replacement (Caruana et al.).")
    boolean greedy;

    @Option(names = "--optimize", description = "Weights optimised on the validation predictions by the GP sampler.")
    boolean optimize;

    @Option(names = "--score", paramLabel = "METRIC", description = "What ranks ensembles: accuracy, log_loss, mse, mae or"
            + " loss over the outputs, or OUTPUT:METRIC for one output, e.g. income:accuracy (default: accuracy, mse or"
            + " the summed loss by the outputs' kinds).")
    String score;

    @Option(names = "--save", paramLabel = "NAME", description = "Save the ensemble in the tracker under this name.")
    String save;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        EnsembleReport.Request request = EnsembleReport.Request.parse(runs, weights, greedy, optimize, save, score);
        PrintWriter out = spec.commandLine().getOut();
        try (DbOption.Store store = db.open()) {
            EnsembleReport.run(store.runs(), request, out);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        out.flush();
        return Main.OK;
    }
}
