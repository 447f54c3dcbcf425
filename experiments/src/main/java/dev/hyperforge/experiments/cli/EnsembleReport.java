package dev.hyperforge.experiments.cli;

import dev.hyperforge.ensemble.EnsembleMethod;
import dev.hyperforge.ensemble.EnsembleResult;
import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.ensemble.Scoring;
import dev.hyperforge.ensemble.Evaluation;
import dev.hyperforge.ensemble.OutputMetrics;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.RunStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code hf ensemble --runs 3,5,7 [--weights 0.5,0.3,0.2 | --greedy | --optimize] [--save NAME]} does: parses
 * the options, asks the ensemble module's {@link EnsembleService} for the ensemble of the runs' validation
 * predictions (and, with {@code --save}, to store it in the tracker), and prints its validation metric next to the
 * best single model's. Without a method option the weights are equal. Only parsing and printing live here.
 *
 * <pre>{@code
 * EnsembleReport.Request req = EnsembleReport.Request.parse("3,5,7", null, true, false, null);
 * EnsembleResult result = EnsembleReport.run(store, req, out);
 * }</pre>
 *
 * <p>Bad input raises {@link IllegalArgumentException}, unknown run ids {@link java.util.NoSuchElementException};
 * their messages are meant for the user.
 */
final class EnsembleReport {
    private EnsembleReport() {
    }

    /**
     * A parsed command line.
     *
     * @param runIds member run ids
     * @param method how to choose the weights
     * @param weights weights for {@link EnsembleMethod#MANUAL}, else null
     * @param name the name to save it under, or null not to save it
     * @param options greedy rounds, optimisation trials and seed
     */
    record Request(List<Long> runIds, EnsembleMethod method, double[] weights, String name,
                          EnsembleService.Options options) {

        /**
         * Parses the options of {@code hf ensemble}.
         *
         * @param runs comma-separated run ids, e.g. {@code 3,5,7}
         * @param weights comma-separated weights (one per run), or null
         * @param greedy {@code --greedy}
         * @param optimize {@code --optimize}
         * @param name {@code --save NAME}, or null
         * @return the request
         */
        static Request parse(String runs, String weights, boolean greedy, boolean optimize, String name) {
            return parse(runs, weights, greedy, optimize, name, null);
        }

        /**
         * Parses the options of {@code hf ensemble}, with {@code --score}.
         *
         * @param runs comma-separated run ids, e.g. {@code 3,5,7}
         * @param weights comma-separated weights (one per run), or null
         * @param greedy {@code --greedy}
         * @param optimize {@code --optimize}
         * @param name {@code --save NAME}, or null
         * @param score {@code --score METRIC} or {@code OUTPUT:METRIC}, or null for the automatic score
         * @return the request
         */
        static Request parse(String runs, String weights, boolean greedy, boolean optimize, String name, String score) {
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
            Scoring scoring;
            try {
                scoring = Scoring.parse(score);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--score: " + e.getMessage(), e);
            }
            return new Request(ids, m, w, name, EnsembleService.Options.defaults().scoredBy(scoring, null));
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
     * Computes and prints an ensemble, and saves it when the request names it.
     *
     * @param store the tracker
     * @param request what to build
     * @param out where to print the report
     * @return the computed ensemble
     */
    static EnsembleResult run(RunStore store, Request request, PrintWriter out) {
        EnsembleService service = new EnsembleService(store);
        EnsembleResult r = service.build(request.runIds(), request.method(), request.weights(), request.options());
        EnsembleRecord saved = request.name() == null ? null : service.save(request.name(), r);
        print(store, r, out);
        if (saved != null) {
            out.printf(Locale.ROOT, "saved as ensemble '%s' of study '%s' (id %d)%n", saved.name(),
                    store.study(r.studyId()).name(), saved.id());
        }
        return r;
    }

    private static void print(RunStore store, EnsembleResult r, PrintWriter out) {
        String scoreName = r.evaluation().score().name();
        out.printf(Locale.ROOT, "ensemble of %d runs of study '%s', weights %s%n", r.members().size(),
                store.study(r.studyId()).name(), r.method().key());
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
        if (r.heldOut() != null) {
            out.printf(Locale.ROOT, "held out %s: ensemble %.6f (weights fitted again without each of %d folds of the %d"
                    + " validation rows; the score above is in sample)%n", scoreName, r.heldOut().score().value(),
                    r.heldOut().folds(), r.heldOut().rows());
        }
    }

    private static String describe(OutputMetrics m) {
        return m.task().isClassification()
                ? String.format(Locale.ROOT, "accuracy %.6f, log-loss %.6f", m.accuracy(), m.logLoss())
                : String.format(Locale.ROOT, "mse %.6f", m.mse());
    }
}
