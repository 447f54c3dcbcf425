package dev.hyperforge.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which validation metric of which output ranks ensembles (and single members): the weights greedy selection and the
 * weight search choose, the held-out estimate and the comparison with the best single model all use it. A study is
 * tuned on one objective (say {@code val_income_accuracy} of a three-output model); scoring its ensembles on another
 * number (the unweighted sum of the three losses) would rank them by something the user never asked for, so the
 * default is the study's objective where it names a metric computed here ({@link #forObjective}).
 *
 * <p>Metrics: {@code accuracy} and {@code log_loss} of classification outputs, {@code mse} and {@code mae} of
 * regression outputs, {@code loss} (log-loss or MSE) of any. Without an output the metric is the mean over the outputs
 * it applies to ({@code loss}: their unweighted sum). {@link #AUTO} keeps the rule of {@link Score}.
 *
 * <pre>{@code
 * Scoring s = Scoring.parse("income:accuracy");            // higher is better
 * EnsembleData ranked = data.withScoring(s);
 * Scoring.forObjective("val_mae", data.outputs());          // Optional[mae]
 * }</pre>
 *
 * @param output the output scored, or null for all outputs the metric applies to
 * @param metric {@code accuracy}, {@code log_loss}, {@code mse}, {@code mae} or {@code loss}; null only for AUTO
 */
public record Scoring(String output, String metric) {
    /** The automatic rule of {@link Score}: mean accuracy, mean MSE, or the sum of losses of mixed outputs. */
    public static final Scoring AUTO = new Scoring(null, null);
    /** The metrics computed for ensembles. */
    public static final List<String> METRICS = List.of("accuracy", "log_loss", "mse", "mae", "loss");
    private static final Map<String, String> KERAS = Map.ofEntries(Map.entry("accuracy", "accuracy"),
            Map.entry("acc", "accuracy"), Map.entry("categorical_accuracy", "accuracy"),
            Map.entry("binary_accuracy", "accuracy"), Map.entry("sparse_categorical_accuracy", "accuracy"),
            Map.entry("loss", "loss"), Map.entry("mse", "mse"), Map.entry("mean_squared_error", "mse"),
            Map.entry("mae", "mae"), Map.entry("mean_absolute_error", "mae"), Map.entry("log_loss", "log_loss"),
            Map.entry("crossentropy", "log_loss"), Map.entry("categorical_crossentropy", "log_loss"),
            Map.entry("binary_crossentropy", "log_loss"));

    /** Checks the metric's name. */
    public Scoring {
        if (metric == null ? output != null : !METRICS.contains(metric)) {
            throw new IllegalArgumentException("ensemble score metric must be one of " + METRICS
                    + ", received '" + metric + "'");
        }
    }

    /**
     * @param text {@code auto} (or null, blank), {@code METRIC} or {@code OUTPUT:METRIC}
     * @return the scoring
     */
    public static Scoring parse(String text) {
        if (text == null || text.isBlank() || text.equals("auto")) {
            return AUTO;
        }
        int colon = text.lastIndexOf(':');
        return colon < 0 ? new Scoring(null, text.trim())
                : new Scoring(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
    }

    /** @return the text {@link #parse} reads back: {@code auto}, {@code mse}, {@code income:accuracy} */
    public String key() {
        return metric == null ? "auto" : output == null ? metric : output + ":" + metric;
    }

    /** @return whether larger values are better (accuracy) */
    public boolean higherIsBetter() {
        return "accuracy".equals(metric);
    }

    /**
     * @param outputs how many outputs the ensemble predicts
     * @return what is scored, in words: "income accuracy", "mean mse over the outputs", "sum of the outputs' losses",
     *     or just "accuracy" of a single output
     */
    public String describe(int outputs) {
        if (metric == null) {
            return "automatic (mean accuracy, mean mse, or the sum of the outputs' losses)";
        }
        if (output != null || outputs == 1) {
            return output == null ? metric : output + " " + metric;
        }
        return metric.equals("loss") ? "sum of the outputs' losses (unweighted)" : "mean " + metric + " over the outputs";
    }

    /**
     * The concrete scoring the automatic rule stands for on these outputs.
     *
     * @param outputs the outputs
     * @return this when chosen; else accuracy, mse or loss as {@link Score} says
     */
    public Scoring resolve(List<OutputSpec> outputs) {
        if (metric != null) {
            return this;
        }
        boolean allClass = outputs.stream().allMatch(o -> o.task().isClassification());
        boolean allReg = outputs.stream().noneMatch(o -> o.task().isClassification());
        return new Scoring(null, allClass ? "accuracy" : allReg ? "mse" : "loss");
    }

    /**
     * Checks that the metric can be computed for the output(s).
     *
     * @param outputs the ensemble's outputs
     */
    public void check(List<OutputSpec> outputs) {
        if (metric == null) {
            return;
        }
        List<OutputSpec> scope = outputs.stream().filter(o -> output == null || o.name().equals(output)).toList();
        if (scope.isEmpty()) {
            throw new IllegalArgumentException("ensemble score names output '" + output + "', but the runs predict "
                    + outputs.stream().map(OutputSpec::name).toList());
        }
        if (scope.stream().noneMatch(o -> appliesTo(o.task()))) {
            throw new IllegalArgumentException("ensemble score '" + key() + "': " + metric + " applies to "
                    + (metric.equals("accuracy") || metric.equals("log_loss") ? "classification" : "regression")
                    + " outputs, and " + (output == null ? "no output is one" : "'" + output + "' is "
                    + scope.get(0).task().name().toLowerCase()) + "; choose one of " + choices(outputs).stream()
                    .map(Scoring::key).toList());
        }
    }

    private boolean appliesTo(Task task) {
        return switch (metric) {
            case "accuracy", "log_loss" -> task.isClassification();
            case "mse", "mae" -> !task.isClassification();
            default -> true;
        };
    }

    /**
     * The scorings that can be computed for these outputs: over all outputs first, then per output (when there are
     * several).
     *
     * @param outputs the outputs
     * @return the choices
     */
    public static List<Scoring> choices(List<OutputSpec> outputs) {
        List<Scoring> out = new ArrayList<>();
        for (String m : METRICS) {
            Scoring s = new Scoring(null, m);
            if (outputs.stream().anyMatch(o -> s.appliesTo(o.task()))) {
                out.add(s);
            }
        }
        if (outputs.size() > 1) {
            for (OutputSpec o : outputs) {
                METRICS.stream().map(m -> new Scoring(o.name(), m)).filter(s -> s.appliesTo(o.task())).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * The scoring that matches a study's objective metric: {@code val_income_accuracy} is output {@code income}'s
     * accuracy, {@code val_mae} the mean MAE, {@code val_loss} the sum of the losses (unweighted: loss weights are
     * not stored with the predictions).
     *
     * @param objectiveMetric the study's objective metric, or null
     * @param outputs the ensemble's outputs
     * @return the matching scoring, or empty when the objective is not a metric computed here
     */
    public static Optional<Scoring> forObjective(String objectiveMetric, List<OutputSpec> outputs) {
        if (objectiveMetric == null) {
            return Optional.empty();
        }
        String m = objectiveMetric.startsWith("val_") ? objectiveMetric.substring(4) : objectiveMetric;
        List<OutputSpec> byLength = outputs.stream()
                .sorted(Comparator.comparingInt((OutputSpec o) -> o.name().length()).reversed()).toList();
        for (OutputSpec o : byLength) {
            if (m.startsWith(o.name() + "_") && KERAS.containsKey(m.substring(o.name().length() + 1))) {
                Scoring s = new Scoring(outputs.size() == 1 ? null : o.name(), KERAS.get(m.substring(o.name().length() + 1)));
                return s.appliesTo(o.task()) ? Optional.of(s) : Optional.empty();
            }
        }
        String metric = KERAS.get(m);
        if (metric == null) {
            return Optional.empty();
        }
        Scoring s = new Scoring(null, metric);
        return outputs.stream().anyMatch(o -> s.appliesTo(o.task())) ? Optional.of(s) : Optional.empty();
    }

    /**
     * Scores per-output metrics.
     *
     * @param metrics the metrics of every output
     * @return the score, named {@code metric} or {@code output_metric}
     */
    public Score score(List<OutputMetrics> metrics) {
        if (metric == null) {
            return EnsembleMath.score(metrics);
        }
        List<OutputMetrics> scope = metrics.stream()
                .filter(m -> (output == null || m.output().equals(output)) && appliesTo(m.task())).toList();
        String name = output == null ? metric : output + "_" + metric;
        double n = scope.size();
        return switch (metric) {
            case "accuracy" -> new Score(name, scope.stream().mapToDouble(OutputMetrics::accuracy).sum() / n, true,
                    scope.stream().mapToDouble(OutputMetrics::logLoss).sum() / n);
            case "log_loss" -> new Score(name, scope.stream().mapToDouble(OutputMetrics::logLoss).sum() / n, false, 0);
            case "mse" -> new Score(name, scope.stream().mapToDouble(OutputMetrics::mse).sum() / n, false, 0);
            case "mae" -> new Score(name, scope.stream().mapToDouble(OutputMetrics::mae).sum() / n, false, 0);
            default -> new Score(name, scope.stream().mapToDouble(OutputMetrics::loss).sum(), false, 0);
        };
    }
}
