package dev.hyperforge.web;

import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.web.ensemble.EnsembleMethod;
import dev.hyperforge.web.ensemble.EnsembleResult;
import dev.hyperforge.web.ensemble.EnsembleService;
import dev.hyperforge.web.ensemble.Evaluation;
import dev.hyperforge.web.ensemble.OutputMetrics;
import dev.hyperforge.web.ensemble.SavedEnsemble;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code hf ensemble --runs 3,5,7 [--weights 0.5,0.3,0.2 | --greedy | --optimize] [--name N]} does: computes
 * the ensemble of the runs' validation predictions, saves it in the tracker and prints its validation metric next
 * to the best single model's. Without a method option the weights are equal.
 *
 * <pre>{@code
 * CliEnsemble.Request req = CliEnsemble.Request.parse("3,5,7", null, true, false, null);
 * SavedEnsemble saved = CliEnsemble.run(store, req, System.out);
 * }</pre>
 *
 * <p>Bad input raises {@link IllegalArgumentException}, unknown run ids {@link java.util.NoSuchElementException};
 * their messages are meant for the user.
 */
public final class CliEnsemble {
    private CliEnsemble() {
    }

    /**
     * A parsed command line.
     *
     * @param runIds member run ids
     * @param method how to choose the weights
     * @param weights weights for {@link EnsembleMethod#MANUAL}, else null
     * @param name the name to save it under, or null for {@code <method>-<ids>}
     * @param options greedy rounds, optimisation trials and seed
     */
    public record Request(List<Long> runIds, EnsembleMethod method, double[] weights, String name,
                          EnsembleService.Options options) {

        /**
         * Parses the options of {@code hf ensemble}.
         *
         * @param runs comma-separated run ids, e.g. {@code 3,5,7}
         * @param weights comma-separated weights (one per run), or null
         * @param greedy {@code --greedy}
         * @param optimize {@code --optimize}
         * @param name {@code --name}, or null
         * @return the request
         */
        public static Request parse(String runs, String weights, boolean greedy, boolean optimize, String name) {
            int chosen = (weights != null ? 1 : 0) + (greedy ? 1 : 0) + (optimize ? 1 : 0);
            if (chosen > 1) {
                throw new IllegalArgumentException("choose one of --weights, --greedy and --optimize");
            }
            List<Long> ids = new ArrayList<>();
            for (String s : split(runs, "--runs")) {
                try {
                    ids.add(Long.parseLong(s));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--runs takes run ids separated by commas (e.g. 3,5,7); '" + s
                            + "' is not an id");
                }
            }
            double[] w = null;
            if (weights != null) {
                List<String> parts = split(weights, "--weights");
                w = new double[parts.size()];
                for (int i = 0; i < w.length; i++) {
                    try {
                        w[i] = Double.parseDouble(parts.get(i));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--weights takes numbers separated by commas (e.g."
                                + " 0.5,0.3,0.2); '" + parts.get(i) + "' is not a number");
                    }
                }
            }
            EnsembleMethod m = w != null ? EnsembleMethod.MANUAL : greedy ? EnsembleMethod.GREEDY
                    : optimize ? EnsembleMethod.OPTIMIZE : EnsembleMethod.EQUAL;
            return new Request(ids, m, w, name, EnsembleService.Options.defaults());
        }

        private static List<String> split(String text, String option) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(option + " needs a comma-separated list");
            }
            List<String> out = new ArrayList<>();
            for (String s : text.split(",")) {
                out.add(s.trim());
            }
            return out;
        }
    }

    /**
     * Computes, saves and prints an ensemble.
     *
     * @param store the tracker
     * @param request what to build
     * @param out where to print the report
     * @return what was saved
     */
    public static SavedEnsemble run(RunStore store, Request request, PrintStream out) {
        EnsembleService service = new EnsembleService(store);
        EnsembleResult r = service.build(request.runIds(), request.method(), request.weights(), request.options());
        String name = request.name() != null ? request.name() : request.method().key() + "-"
                + String.join("-", request.runIds().stream().map(String::valueOf).toList());
        SavedEnsemble saved = service.save(name, r);
        print(store, r, saved, out);
        return saved;
    }

    private static void print(RunStore store, EnsembleResult r, SavedEnsemble saved, PrintStream out) {
        String scoreName = r.evaluation().score().name();
        out.printf(Locale.ROOT, "ensemble '%s' of study '%s' (%s, %d runs); saved as tag %s%s on run %d%n",
                saved.name(), store.study(r.studyId()).name(), r.method().key(), r.members().size(),
                EnsembleService.TAG_PREFIX, saved.name(), saved.hostRunId());
        out.printf(Locale.ROOT, "  %8s  %8s  %12s%n", "run", "weight", scoreName);
        for (int i = 0; i < r.members().size(); i++) {
            long id = r.members().get(i);
            out.printf(Locale.ROOT, "  %8d  %8.4f  %12.6f%n", id, r.evaluation().weights()[i],
                    r.singles().get(id).score().value());
        }
        for (OutputMetrics m : r.evaluation().outputs()) {
            out.printf(Locale.ROOT, "  output %s (%s): %s%n", m.output(), m.task().name().toLowerCase(Locale.ROOT),
                    describe(m));
        }
        r.baselines().forEach((k, v) -> out.printf(Locale.ROOT, "  baseline %s: %s %.6f%n", k, scoreName,
                v.score().value()));
        Evaluation best = r.bestSingle();
        double e = r.evaluation().score().value();
        double b = best.score().value();
        out.printf(Locale.ROOT, "validation %s: ensemble %.6f vs best single model (run %d) %.6f (%s%.6f)%n",
                scoreName, e, r.bestSingleRunId(), b, e - b >= 0 ? "+" : "", e - b);
    }

    private static String describe(OutputMetrics m) {
        return m.task().isClassification()
                ? String.format(Locale.ROOT, "accuracy %.6f, log-loss %.6f", m.accuracy(), m.logLoss())
                : String.format(Locale.ROOT, "mse %.6f", m.mse());
    }
}
