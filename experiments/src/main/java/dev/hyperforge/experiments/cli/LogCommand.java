package dev.hyperforge.experiments.cli;

import dev.hyperforge.experiments.asktell.ExternalStudy;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hf log --run 17 --step 2 val_loss=0.31 accuracy=0.88}: logs metrics of a RUNNING trial of a study driven
 * from outside (curves in the dashboard). A value of the study's objective metric is also the trial's intermediate
 * value for the pruner; the printed line says whether to stop: {@code {"run": 17, "logged": 2, "prune": false}}.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Log metrics of a RUNNING trial of a study driven from outside; prints whether the pruner says stop.")
public final class LogCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "Run id (\"run\" in the hf ask output).")
    long run;

    @Option(names = "--step", description = "Step (e.g. epoch), at least 0 (default: ${DEFAULT-VALUE}).")
    long step;

    @Parameters(arity = "1..*", paramLabel = "NAME=VALUE", description = "Metric values, e.g. val_loss=0.31.")
    List<String> metrics;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<MetricPoint> points = points(metrics, step);
        try (DbOption.Store store = db.open()) {
            Run r = ReplayCommand.requireRun(store.runs(), run);
            boolean prune = ExternalStudy.open(store.runs(), r.studyId()).log(r, points);
            PrintWriter out = spec.commandLine().getOut();
            out.println("{\"run\": " + run + ", \"logged\": " + points.size() + ", \"prune\": " + prune + "}");
            out.flush();
        }
        return Main.OK;
    }

    static List<MetricPoint> points(List<String> args, long step) {
        List<MetricPoint> out = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("metric '" + a + "' is not NAME=VALUE, e.g. val_loss=0.31");
            }
            double v;
            try {
                v = Double.parseDouble(a.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("metric " + a.substring(0, eq) + ": '" + a.substring(eq + 1) + "' is not a number");
            }
            out.add(MetricPoint.now(a.substring(0, eq), step, v));
        }
        return out;
    }
}
