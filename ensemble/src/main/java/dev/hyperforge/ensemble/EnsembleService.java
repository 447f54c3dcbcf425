package dev.hyperforge.ensemble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds, saves and lists ensembles of a study's runs from the validation predictions the runs stored
 * ({@code val_predictions/NAME} and {@code val_targets/NAME}, {@link dev.hyperforge.tracker.FloatArrays} bytes).
 * It is the one entry point of ensemble logic: {@code hf ensemble} and the dashboard's ensemble endpoints only
 * parse their input, call it, and print or serialise what it returns.
 *
 * <p>Saved ensembles live in the tracker ({@link RunStore#saveEnsemble}): members, weights, method, the validation
 * metric next to the best single member's, and per-output metrics as details.
 *
 * <pre>{@code
 * EnsembleService ens = new EnsembleService(store);
 * EnsembleResult r = ens.build(List.of(3L, 5L, 7L), EnsembleMethod.GREEDY, null, Options.defaults());
 * EnsembleRecord saved = ens.save("top3", r);
 * }</pre>
 *
 * <p>Unknown run ids raise {@link NoSuchElementException}; unusable input raises {@link IllegalArgumentException}.
 */
public final class EnsembleService {
    /** Prefix of prediction artifacts. */
    public static final String PREDICTIONS = "val_predictions/";
    /** Prefix of target artifacts. */
    public static final String TARGETS = "val_targets/";
    /** Most members of one ensemble. */
    public static final int MAX_MEMBERS = 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Tuning of the methods and the score that ranks ensembles.
     *
     * @param rounds greedy rounds, 1..{@value #MAX_ROUNDS}
     * @param trials weight-optimisation trials, 1..{@value #MAX_TRIALS}
     * @param seed weight-optimisation seed
     * @param scoring the chosen score, or {@link Scoring#AUTO} for the study objective where it is a metric computed
     *     here ({@link Scoring#forObjective}), else the rule of {@link Score}
     * @param objective the study's objective metric (e.g. {@code val_income_accuracy}), or null when unknown
     */
    public record Options(int rounds, int trials, long seed, Scoring scoring, String objective) {
        /** Most greedy rounds. */
        public static final int MAX_ROUNDS = 1000;
        /** Most weight-optimisation trials. */
        public static final int MAX_TRIALS = 500;

        /** Checks the ranges. */
        public Options {
            if (rounds < 1 || rounds > MAX_ROUNDS) {
                throw new IllegalArgumentException("greedy rounds must be in 1.." + MAX_ROUNDS + ", received " + rounds);
            }
            if (trials < 1 || trials > MAX_TRIALS) {
                throw new IllegalArgumentException("optimisation trials must be in 1.." + MAX_TRIALS + ", received "
                        + trials);
            }
            scoring = scoring == null ? Scoring.AUTO : scoring;
        }

        /** Automatic scoring, no known objective. */
        public Options(int rounds, int trials, long seed) {
            this(rounds, trials, seed, Scoring.AUTO, null);
        }

        /** @return 25 rounds, 40 trials, seed 42, automatic scoring */
        public static Options defaults() {
            return new Options(GreedySelection.DEFAULT_ROUNDS, WeightOptimizer.DEFAULT_TRIALS, 42);
        }

        /**
         * @param chosen the score asked for ({@link Scoring#AUTO}: the objective's)
         * @param objectiveMetric the study's objective metric, or null
         * @return these options with that scoring
         */
        public Options scoredBy(Scoring chosen, String objectiveMetric) {
            return new Options(rounds, trials, seed, chosen, objectiveMetric);
        }

        /** The scoring used on these outputs: the chosen one, else the objective's, else the automatic rule. */
        Scoring resolve(List<OutputSpec> outputs) {
            Scoring s = scoring.metric() != null ? scoring : Scoring.forObjective(objective, outputs).orElse(Scoring.AUTO);
            return s.resolve(outputs);
        }
    }

    /**
     * A run offered to the ensemble builder with its own validation metrics.
     *
     * @param run the run
     * @param validation the run's own evaluation (weight 1), or null when it cannot join an ensemble
     * @param problem why its stored predictions are unusable, or null (also null when it stored none)
     */
    public record Candidate(Run run, Evaluation validation, String problem) {
        /** @return whether the run's stored predictions can be used */
        public boolean hasPredictions() {
            return validation != null;
        }
    }

    private final RunStore store;
    private final StoredPredictions predictions;

    /** @param store the tracker */
    public EnsembleService(RunStore store) {
        this.store = store;
        this.predictions = new StoredPredictions(store);
    }

    /**
     * Looks up a run, turning the store's unknown-id error into {@link NoSuchElementException}.
     *
     * @param runId id
     * @return the run
     */
    public Run run(long runId) {
        try {
            return store.run(runId);
        } catch (IllegalArgumentException e) {
            throw new NoSuchElementException("no run with id " + runId);
        }
    }

    /**
     * Loads and aligns the validation predictions of runs of one study.
     *
     * @param runIds 1..{@value #MAX_MEMBERS} distinct runs of the same study
     * @return the data
     */
    public EnsembleData load(List<Long> runIds) {
        return predictions.load(runs(runIds));
    }

    /**
     * Computes an ensemble.
     *
     * @param runIds member candidates
     * @param method how to choose the weights
     * @param manualWeights weights for {@link EnsembleMethod#MANUAL} (normalised here), else ignored
     * @param options rounds, trials, seed
     * @return the result
     */
    public EnsembleResult build(List<Long> runIds, EnsembleMethod method, double[] manualWeights, Options options) {
        EnsembleData raw = load(runIds);
        EnsembleData data = raw.withScoring(options.resolve(raw.outputs()));
        int k = data.size();
        Map<Long, Evaluation> singles = singles(data);
        long best = rank(singles).get(0);
        Map<String, Evaluation> baselines = new LinkedHashMap<>();
        double[] weights = switch (method) {
            case MANUAL -> {
                if (manualWeights == null || manualWeights.length != k) {
                    throw new IllegalArgumentException("manual weights need one weight per run (" + k + "), received "
                            + (manualWeights == null ? "none" : manualWeights.length));
                }
                yield EnsembleMath.normalize(manualWeights);
            }
            case EQUAL -> EnsembleMath.equal(k);
            case GREEDY -> GreedySelection.select(data, options.rounds()).weights();
            case OPTIMIZE -> {
                double[] eq = EnsembleMath.equal(k);
                double[] greedy = GreedySelection.select(data, options.rounds()).weights();
                baselines.put("equal", EnsembleMath.evaluate(data, eq));
                baselines.put("greedy", EnsembleMath.evaluate(data, greedy));
                yield WeightOptimizer.optimize(data, options.trials(), options.seed(), eq, greedy);
            }
        };
        return new EnsembleResult(run(runIds.get(0)).studyId(), method, runIds, EnsembleMath.evaluate(data, weights),
                singles, best, baselines, heldOut(data, method, weights, options), data.scoring(),
                Scoring.choices(data.outputs()));
    }

    /** The {@link HeldOut} estimate: the method's weights fitted again without each fold of the rows. */
    private static HeldOut.Estimate heldOut(EnsembleData data, EnsembleMethod method, double[] weights, Options options) {
        return HeldOut.estimate(data, switch (method) {
            case MANUAL, EQUAL -> d -> weights;
            case GREEDY -> d -> GreedySelection.select(d, options.rounds()).weights();
            case OPTIMIZE -> d -> {
                double[] eq = EnsembleMath.equal(d.size());
                return WeightOptimizer.optimize(d, options.trials(), options.seed(), eq,
                        GreedySelection.select(d, options.rounds()).weights());
            };
        }, options.seed());
    }

    private static Map<Long, Evaluation> singles(EnsembleData data) {
        Map<Long, Evaluation> singles = new LinkedHashMap<>();
        for (int m = 0; m < data.size(); m++) {
            double[] oneHot = new double[data.size()];
            oneHot[m] = 1;
            singles.put(data.members().get(m).runId(), EnsembleMath.evaluate(data, oneHot));
        }
        return singles;
    }

    /**
     * Saves an ensemble in the tracker under a name in its study (replacing one of the same name).
     *
     * @param name 1..64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit
     * @param result the computed ensemble
     * @return what was stored
     */
    public EnsembleRecord save(String name, EnsembleResult result) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ensemble name must be 1..64 letters, digits, '.', '_' or '-' starting"
                    + " with a letter or digit, received '" + name + "'");
        }
        List<Double> weights = new ArrayList<>();
        for (double w : result.evaluation().weights()) {
            weights.add(w);
        }
        Score score = result.evaluation().score();
        EnsembleSpec spec = new EnsembleSpec(name, result.method().key(), result.members(), weights, score.name(),
                score.value(), result.bestSingle().score().value(), details(result));
        return store.saveEnsemble(result.studyId(), spec);
    }

    /**
     * Deletes a saved ensemble.
     *
     * @param studyId study
     * @param name ensemble name
     */
    public void delete(long studyId, String name) {
        if (!store.deleteEnsemble(studyId, name)) {
            throw new NoSuchElementException("study " + studyId + " has no ensemble named '" + name + "'");
        }
    }

    /**
     * The saved ensembles of a study, by name.
     *
     * @param studyId study
     * @return the ensembles
     */
    public List<EnsembleRecord> list(long studyId) {
        return store.listEnsembles(studyId);
    }

    /**
     * The top runs of a study by objective value (COMPLETE runs), best first.
     *
     * @param studyId study
     * @param k how many, 1..{@value #MAX_MEMBERS}
     * @return the runs
     */
    public List<Run> topRuns(long studyId, int k) {
        if (k < 1 || k > MAX_MEMBERS) {
            throw new IllegalArgumentException("top k must be in 1.." + MAX_MEMBERS + ", received " + k);
        }
        StudyRecord study = store.study(studyId);
        RunQuery q = RunQuery.forStudy(studyId).states(TrialState.COMPLETE)
                .sortBy(RunQuery.SortField.VALUE, study.direction() == Direction.MAXIMIZE).page(0, k).build();
        return store.queryRuns(q).runs();
    }

    /**
     * The candidates the builder offers for a study: the given runs, or the top {@code top} runs when none are
     * given, each with its own validation metrics.
     *
     * @param studyId study
     * @param runIds runs of that study, or null or empty for the top runs
     * @param top how many top runs, 1..{@value #MAX_MEMBERS}
     * @return the candidates, in the order of {@code runIds} or best first
     */
    public List<Candidate> candidates(long studyId, List<Long> runIds, int top) {
        return candidates(studyId, runIds, top, Options.defaults());
    }

    /**
     * The candidates, each scored as the options say ({@link Options#scoring}, else the study objective).
     *
     * @param studyId study
     * @param runIds runs of that study, or null or empty for the top runs
     * @param top how many top runs, 1..{@value #MAX_MEMBERS}
     * @param options the scoring (the rest is unused)
     * @return the candidates, in the order of {@code runIds} or best first
     */
    public List<Candidate> candidates(long studyId, List<Long> runIds, int top, Options options) {
        List<Run> runs = runIds == null || runIds.isEmpty() ? topRuns(studyId, top) : studyRuns(studyId, runIds);
        List<Candidate> out = new ArrayList<>();
        for (Run r : runs) {
            out.add(candidate(r, options));
        }
        return out;
    }

    private List<Run> studyRuns(long studyId, List<Long> runIds) {
        if (runIds.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("at most " + MAX_MEMBERS + " runs, received " + runIds.size());
        }
        List<Run> runs = new ArrayList<>();
        for (long id : runIds) {
            Run r = run(id);
            if (r.studyId() != studyId) {
                throw new IllegalArgumentException("run " + id + " belongs to study " + r.studyId() + ", not "
                        + studyId);
            }
            runs.add(r);
        }
        return runs;
    }

    private Candidate candidate(Run r, Options options) {
        if (!hasPredictions(r.id())) {
            return new Candidate(r, null, null);
        }
        EnsembleData one;
        try {
            one = predictions.load(List.of(r));
        } catch (IllegalArgumentException e) {
            return new Candidate(r, null, e.getMessage());
        }
        // a score the outputs cannot give is the request's mistake, not the run's: it is raised, not listed
        return new Candidate(r, EnsembleMath.evaluate(one.withScoring(options.resolve(one.outputs())),
                new double[] {1}), null);
    }

    /**
     * The scores of a run's outputs: the one used under these options, the study objective's and the choices.
     *
     * @param used the scoring the options resolve to
     * @param objective the scoring that matches the study's objective metric, or null when none does
     * @param choices every scoring that can be chosen for the outputs
     * @param outputs how many outputs the runs predict
     */
    public record Scorings(Scoring used, Scoring objective, List<Scoring> choices, int outputs) {
    }

    /**
     * The scorings of a run's outputs under these options (a chosen one is checked against the outputs).
     *
     * @param runId a run with validation predictions
     * @param options the chosen scoring and the study's objective
     * @return the used, objective and possible scorings
     */
    public Scorings scorings(long runId, Options options) {
        EnsembleData one = predictions.load(List.of(run(runId)));
        Scoring used = one.withScoring(options.resolve(one.outputs())).scoring();
        return new Scorings(used, Scoring.forObjective(options.objective(), one.outputs()).orElse(null),
                Scoring.choices(one.outputs()), one.outputs().size());
    }

    /**
     * Whether a run stored validation predictions.
     *
     * @param runId run
     * @return true when it has at least one {@code val_predictions/} artifact
     */
    public boolean hasPredictions(long runId) {
        return predictions.has(runId);
    }

    private List<Run> runs(List<Long> runIds) {
        if (runIds == null || runIds.isEmpty() || runIds.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("an ensemble needs 1.." + MAX_MEMBERS + " runs, received "
                    + (runIds == null ? 0 : runIds.size()));
        }
        Set<Long> seen = new HashSet<>();
        List<Run> runs = new ArrayList<>();
        for (Long id : runIds) {
            if (!seen.add(id)) {
                throw new IllegalArgumentException("run " + id + " is listed twice; list each run once and set weights");
            }
            Run r = run(id);
            if (!runs.isEmpty() && r.studyId() != runs.get(0).studyId()) {
                throw new IllegalArgumentException("run " + id + " belongs to study " + r.studyId() + ", run "
                        + runs.get(0).id() + " to study " + runs.get(0).studyId()
                        + "; ensemble members must come from one study");
            }
            runs.add(r);
        }
        return runs;
    }

    private static String details(EnsembleResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("bestSingleRunId", r.bestSingleRunId());
        ObjectNode outs = o.putObject("outputs");
        for (OutputMetrics m : r.evaluation().outputs()) {
            ObjectNode n = outs.putObject(m.output());
            n.put("task", m.task().name());
            if (m.accuracy() != null) {
                n.put("accuracy", m.accuracy());
            }
            if (m.logLoss() != null) {
                n.put("logLoss", m.logLoss());
            }
            if (m.mse() != null) {
                n.put("mse", m.mse());
            }
        }
        return o.toString();
    }

    /**
     * Sorts runs best-first by their own validation score (helper for pickers).
     *
     * @param singles evaluations by run id
     * @return run ids, best first
     */
    public static List<Long> rank(Map<Long, Evaluation> singles) {
        return singles.entrySet().stream().sorted(Map.Entry.comparingByValue(
                Comparator.comparing(Evaluation::score))).map(Map.Entry::getKey).toList();
    }
}
