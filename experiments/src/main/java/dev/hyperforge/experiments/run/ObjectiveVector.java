package dev.hyperforge.experiments.run;

import dev.hyperforge.engine.Model;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.file.Constraint;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.file.SearchSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The values of a multi-objective trial: one per objective of {@code search.objectives}, and the constraint values
 * of {@code search.constraints}, measured on one trained configuration.
 *
 * <p>A logged metric's value is its last epoch's value, averaged over folds, so that every objective describes the
 * same final model (a single-objective study scores its best epoch instead). The built-in metrics: {@code params}
 * is the model's parameter count; {@code train_seconds} the wall time of training, all folds;
 * {@code infer_ms_per_sample} the time to predict the last fold's validation data (its training data when it has
 * none), in milliseconds per sample, after one warm-up pass. The timings vary between runs, so an exact replay
 * compares only the other values.
 *
 * <pre>{@code
 * TrialRunner.Outcome outcome = runner.run(params, seed, dir, fold -> List.of(), false);
 * List<Double> values = ObjectiveVector.values(experiment.search().orElseThrow(), outcome);
 * }</pre>
 */
public final class ObjectiveVector {

    private ObjectiveVector() {
    }

    /**
     * @param search the search section (its objectives)
     * @param outcome the trained configuration
     * @return one value per objective, in the file's order
     */
    public static List<Double> values(SearchSpec search, TrialRunner.Outcome outcome) {
        Measures m = new Measures(outcome);
        List<Double> out = new ArrayList<>();
        for (Objective o : search.objectives()) {
            out.add(m.get(o.metric()));
        }
        return out;
    }

    /**
     * @param search the search section (its constraints)
     * @param outcome the trained configuration
     * @return the constraint values (each at most 0 when its bound holds), in the file's order; empty without
     *     constraints
     */
    public static List<Double> constraints(SearchSpec search, TrialRunner.Outcome outcome) {
        Measures m = new Measures(outcome);
        List<Double> out = new ArrayList<>();
        for (Constraint c : search.constraints()) {
            out.addAll(c.values(m.get(c.metric())));
        }
        return out;
    }

    /**
     * @param metric a metric name
     * @return whether its value is a timing (differs between otherwise identical runs)
     */
    public static boolean isTiming(String metric) {
        return metric.equals("train_seconds") || metric.equals("infer_ms_per_sample");
    }

    /** Metric values of one outcome; the inference time is measured once, when first asked for. */
    private static final class Measures {
        private final TrialRunner.Outcome outcome;
        private Double inferMs;

        Measures(TrialRunner.Outcome outcome) {
            this.outcome = outcome;
        }

        double get(String metric) {
            switch (metric) {
                case "params":
                    return outcome.model().countParams();
                case "train_seconds":
                    return outcome.trainSeconds();
                case "infer_ms_per_sample":
                    if (inferMs == null) {
                        inferMs = inferMsPerSample(outcome.folds().get(outcome.folds().size() - 1));
                    }
                    return inferMs;
                default:
                    Double v = outcome.meanFinal().get(metric);
                    if (v == null) {
                        throw new IllegalArgumentException("objective metric '" + metric + "' was not recorded; recorded"
                                + " metrics are " + outcome.meanFinal().keySet() + " and the built-in "
                                + Objective.BUILT_IN);
                    }
                    return v;
            }
        }
    }

    private static double inferMsPerSample(TrialRunner.Fold fold) {
        Split s = fold.split();
        Map<String, INDArray> x = s.hasValidation() ? s.valX() : s.trainX();
        Model model = fold.model();
        long n = x.values().iterator().next().size(0);
        model.predict(x);
        long t0 = System.nanoTime();
        model.predict(x);
        return (System.nanoTime() - t0) / 1e6 / Math.max(1, n);
    }
}
