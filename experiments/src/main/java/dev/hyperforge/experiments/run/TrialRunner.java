package dev.hyperforge.experiments.run;

import dev.hyperforge.search.Direction;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import dev.hyperforge.engine.FitOptions;
import dev.hyperforge.engine.History;
import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.data.Split;
import dev.hyperforge.experiments.data.Splits;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.file.SplitSpec;
import dev.hyperforge.experiments.model.ModelFactory;

/**
 * Trains one configuration of an experiment on its data: builds the model from the file with the given
 * parameters, splits the data as the file says (hold-out, test set, k-fold, or fit's validation split),
 * fits with the given callbacks, and scores the run by the objective metric (its best epoch; the mean over
 * folds for k-fold).
 */
public final class TrialRunner {
    private final Experiment experiment;
    private final DataSet data;
    private final Limits limits;

    /** One fold's training: the model, its history and the data it validated on. */
    public record Fold(Model model, History history, Split split) {
    }

    /**
     * What a run produced.
     *
     * @param score the objective's score (best epoch, mean over folds)
     * @param folds each fold's model, history and split
     * @param meanFinal every metric's last-epoch value, mean over folds
     * @param trainSeconds wall time of training, all folds
     */
    public record Outcome(double score, List<Fold> folds, Map<String, Double> meanFinal, double trainSeconds) {
        /** The last fold's model. */
        public Model model() {
            return folds.get(folds.size() - 1).model();
        }
    }

    /**
     * @param experiment the experiment
     * @param data its data, aligned to the model's inputs and outputs
     */
    public TrialRunner(Experiment experiment, DataSet data) {
        this(experiment, data, Limits.NONE);
    }

    /**
     * @param experiment the experiment
     * @param data its data, aligned to the model's inputs and outputs
     * @param limits caps on epochs and samples for quick runs
     */
    public TrialRunner(Experiment experiment, DataSet data, Limits limits) {
        this.experiment = experiment;
        this.limits = limits;
        this.data = data == null ? null : limits.apply(data);
    }

    /** @return the experiment this runner trains */
    public Experiment experiment() {
        return experiment;
    }

    /** The splits the experiment asks for (one, or k for k-fold). */
    public List<Split> splits() {
        SplitSpec s = experiment.data().split();
        return switch (s.kind()) {
            case NONE -> List.of(Splits.none(data));
            case HOLDOUT -> List.of(Splits.holdout(data, s.fraction(), experiment.seed()));
            case TEST_SET -> List.of(Splits.testSet(data));
            case KFOLD -> Splits.kfold(data, s.folds(), experiment.seed());
        };
    }

    /**
     * Trains and scores one configuration.
     *
     * @param params resolved parameters (missing ones take their defaults)
     * @param trialSeed the trial's seed (weights, shuffling, dropout)
     * @param workDir where file-writing callbacks write
     * @param callbacksForFold extra callbacks for fold {@code i} (tracking, pruning)
     * @param progress show a terminal progress bar
     */
    public Outcome run(Map<String, ?> params, long trialSeed, Path workDir, IntFunction<List<Callback>> callbacksForFold, boolean progress) {
        Map<String, Object> p = ModelFactory.params(experiment, params);
        List<Split> splits = splits();
        List<Fold> folds = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < splits.size(); i++) {
            Split split = splits.get(i);
            Model model = ModelFactory.build(experiment, p, Seeds.weights(trialSeed));
            FitOptions base = ModelFactory.fitOptions(experiment, p, Seeds.fit(trialSeed), workDir, callbacksForFold.apply(i));
            FitOptions opts = withValidation(base, split, progress, limits);
            History h = model.fit(split.trainX(), split.trainY(), opts);
            folds.add(new Fold(model, h, split));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Outcome(score(folds), folds, meanFinal(folds), seconds);
    }

    private static FitOptions withValidation(FitOptions base, Split split, boolean progress, Limits limits) {
        FitOptions.Builder b = FitOptions.builder().epochs(limits.epochs(base.epochs())).batchSize(base.batchSize()).shuffle(base.shuffle())
                .seed(base.seed()).callbacks(base.callbacks()).progress(progress);
        if (split.hasValidation()) {
            b.validationData(split.valX(), split.valY());
        } else if (base.validationSplit() > 0) {
            b.validationSplit(base.validationSplit());
        }
        return b.build();
    }

    /** The objective: the best epoch's value of the objective metric, averaged over folds. */
    double score(List<Fold> folds) {
        Objective o = objective();
        double sum = 0;
        for (Fold f : folds) {
            List<Double> series = series(f.history(), o.metric());
            double best = series.get(0);
            for (double v : series) {
                best = o.better(v, best) ? v : best;
            }
            sum += best;
        }
        return sum / folds.size();
    }

    private static List<Double> series(History h, String metric) {
        if (!h.values().containsKey(metric)) {
            throw new IllegalArgumentException("objective metric '" + metric + "' was not recorded; recorded metrics are "
                    + h.values().keySet() + " (validation metrics need validation data: a split or fit.validation_split)");
        }
        return h.get(metric);
    }

    private static Map<String, Double> meanFinal(List<Fold> folds) {
        Map<String, Double> sum = new LinkedHashMap<>();
        for (Fold f : folds) {
            f.history().values().forEach((k, v) -> sum.merge(k, v.get(v.size() - 1), Double::sum));
        }
        sum.replaceAll((k, v) -> v / folds.size());
        return sum;
    }

    /** The experiment's objective (val_loss, minimise, when the file has no search section). */
    public Objective objective() {
        return experiment.search().map(s -> s.objective()).orElse(new Objective("val_loss", Direction.MINIMIZE));
    }
}
