package dev.hyperforge.search;

import dev.hyperforge.search.pareto.Pareto;
import dev.hyperforge.search.pruner.NopPruner;
import dev.hyperforge.search.pruner.Pruner;
import dev.hyperforge.search.sampler.RandomSampler;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.search.sampler.SamplingContext;
import dev.hyperforge.search.sampler.Suggestion;
import dev.hyperforge.search.space.SearchSpace;
import dev.hyperforge.search.storage.InMemoryStudyStorage;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A named optimisation over a {@link SearchSpace}, backed by a {@link StudyStorage}. Building a study whose
 * name exists in the storage resumes it: completed trials are kept and the sampler continues from them.
 *
 * <pre>{@code
 * Study study = Study.builder("demo", space)
 *     .direction(Direction.MINIMIZE)
 *     .sampler(new GpSampler(GpSampler.Settings.defaults()))
 *     .pruner(MedianPruner.defaults())
 *     .seed(42)
 *     .build();
 * study.optimize(trial -> Math.pow(trial.getDouble("x") - 2, 2), 30, 2);
 * FrozenTrial best = study.bestTrial().orElseThrow();
 *
 * Trial t = study.ask();                 // ask/tell without optimize
 * study.tell(t, evaluate(t.params()));
 * }</pre>
 *
 * <p>Each sampled trial records in its system attributes the numbers of the finished trials the sampler saw
 * ({@code seen_trials}) and of the pending ones ({@code pending_trials}); {@link #replaySuggestion(int)}
 * recomputes the suggestion from them.
 *
 * <p>A study can be warm-started with an earlier study's finished trials ({@link Builder#warmStart}): those whose
 * parameters fit the space are stored once with the study and handed to the sampler before the study's own
 * finished trials, as prior observations (the GP and TPE model them, the genetic sampler starts its population
 * from them). They are not trials of the study: they take no trial number and no budget.
 * <pre>{@code
 * Study next = Study.builder("round-2", space).sampler(new GpSampler(GpSampler.Settings.defaults()))
 *     .warmStart(previous.trials()).build();
 * }</pre>
 */
public final class Study {

    /** System attribute: numbers of the finished trials the sampler saw. */
    public static final String SEEN_TRIALS = "seen_trials";
    /** System attribute: numbers of the running trials (with parameters) the sampler saw. */
    public static final String PENDING_TRIALS = "pending_trials";
    /** System attribute: name of the sampler that suggested the parameters. */
    public static final String SAMPLER = "sampler";
    /** System attribute: number of the failed trial a re-queued trial repeats. */
    public static final String RETRIED_FROM = "retried_from";

    private final StudyStorage storage;
    private final StudyInfo info;
    private final SearchSpace space;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration heartbeatInterval;
    private final boolean requeueStale;
    private final List<FrozenTrial> warmStart;

    private Study(Builder b, StudyInfo info, List<FrozenTrial> warmStart) {
        this.storage = b.storage;
        this.info = info;
        this.space = b.space;
        this.sampler = b.sampler;
        this.pruner = b.pruner;
        this.clock = b.clock;
        this.staleAfter = b.staleAfter;
        this.heartbeatInterval = b.heartbeatInterval;
        this.requeueStale = b.requeueStale;
        this.warmStart = List.copyOf(warmStart);
    }

    /**
     * @param name study name, unique in its storage
     * @param space the search space
     * @return a builder
     */
    public static Builder builder(String name, SearchSpace space) {
        return new Builder(name, space);
    }

    /** @return the study id in its storage */
    public long id() {
        return info.id();
    }

    /** @return the study name */
    public String name() {
        return info.spec().name();
    }

    /**
     * @return the direction of a single-objective study
     * @throws IllegalStateException when the study has several objectives (read {@link #directions()})
     */
    public Direction direction() {
        return info.spec().direction();
    }

    /** @return the directions, one per objective */
    public List<Direction> directions() {
        return info.spec().directions();
    }

    /** @return whether the study has more than one objective */
    public boolean isMultiObjective() {
        return info.spec().isMultiObjective();
    }

    /** @return the study seed */
    public long seed() {
        return info.spec().seed();
    }

    /** @return the search space */
    public SearchSpace space() {
        return space;
    }

    /** @return the sampler */
    public Sampler sampler() {
        return sampler;
    }

    /** @return the storage */
    public StudyStorage storage() {
        return storage;
    }

    /**
     * @return the prior observations the sampler sees before the study's own trials (empty without a warm start):
     *     COMPLETE snapshots with the earlier study's trial numbers, parameters and values, not stored as trials
     */
    public List<FrozenTrial> warmStartTrials() {
        return warmStart;
    }

    /** @return the current instant on the study's clock (start/end times, heartbeats, stale limit, timeouts) */
    public Instant now() {
        return clock.instant();
    }

    /** @return the heartbeat silence after which a RUNNING trial is failed as stale, or null for never */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** @return whether a trial failed as stale is re-queued with the same parameters */
    boolean requeuesStale() {
        return requeueStale;
    }

    /** @return the heartbeat interval used by {@link #optimize} */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * Starts a trial: fails stale trials (re-queuing them if asked to), claims a WAITING trial if there is
     * one, else claims the next trial number and asks the sampler for parameters.
     *
     * @return the live trial, RUNNING
     */
    public Trial ask() {
        return start(claim());
    }

    /** Fails stale trials, then claims a WAITING trial or creates the next one (without parameters yet). */
    FrozenTrial claim() {
        failStaleTrials();
        return storage.claimWaitingTrial(id(), now()).orElseGet(() -> storage.createTrial(id(), now()));
    }

    /** Claims a trial within the budget (without parameters if it is a new one). */
    Optional<FrozenTrial> claimWithinBudget(int budget) {
        return storage.claimTrialWithinBudget(id(), now(), budget);
    }

    /** Makes a claimed trial live: a re-queued one keeps its parameters, a new one gets the sampler's. */
    Trial start(FrozenTrial claimed) {
        return claimed.params().isEmpty() ? sample(claimed)
                : new Trial(this, claimed.id(), claimed.number(), space.validate(claimed.params()));
    }

    /**
     * Starts a trial only while the study's trial budget is not spent, atomically across workers and JVMs
     * ({@link StudyStorage#claimTrialWithinBudget}): trials that are not FAILED count towards the budget, a
     * WAITING trial is claimed first. Unlike {@link #ask()} it does not fail stale trials; call
     * {@link #failStaleTrials()} for that.
     *
     * <pre>{@code
     * Optional<Trial> next = study.askWithinBudget(40);   // empty: 40 trials are done, running or waiting
     * }</pre>
     *
     * @param budget the study's trial budget, at least 1
     * @return the live trial, RUNNING, or empty when the budget is spent
     */
    public Optional<Trial> askWithinBudget(int budget) {
        return claimWithinBudget(budget).map(this::start);
    }

    private Trial sample(FrozenTrial created) {
        List<FrozenTrial> all = storage.getTrials(id());
        List<FrozenTrial> finished = new ArrayList<>();
        List<FrozenTrial> pending = new ArrayList<>();
        for (FrozenTrial t : all) {
            if (t.number() == created.number()) {
                continue;
            }
            if (t.state().isFinished()) {
                finished.add(t);
            } else if (t.state() == TrialState.RUNNING && !t.params().isEmpty()) {
                pending.add(t);
            }
        }
        Suggestion s = sampler.suggest(context(created.number(), finished, pending));
        Map<String, Object> params = space.validate(s.params());
        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put(SAMPLER, sampler.name());
        sys.put(SEEN_TRIALS, finished.stream().map(FrozenTrial::number).toList());
        sys.put(PENDING_TRIALS, pending.stream().map(FrozenTrial::number).toList());
        sys.putAll(s.systemAttrs());
        storage.setTrialParams(created.id(), params, sys);
        return new Trial(this, created.id(), created.number(), params);
    }

    private SamplingContext context(int number, List<FrozenTrial> finished, List<FrozenTrial> pending) {
        List<FrozenTrial> history = finished;
        if (!warmStart.isEmpty()) {
            history = new ArrayList<>(warmStart);
            history.addAll(finished);
        }
        return new SamplingContext(space, directions(), seed(), number, history, pending);
    }

    /**
     * Recomputes the suggestion of a sampled trial from the history it recorded, for replay checking: with a
     * pure sampler the result equals the trial's parameters.
     *
     * @param trialNumber a trial suggested by this study's sampler
     * @return the recomputed suggestion
     * @throws IllegalArgumentException if the trial did not record its history (e.g. an enqueued trial)
     */
    public Suggestion replaySuggestion(int trialNumber) {
        List<FrozenTrial> all = storage.getTrials(id());
        FrozenTrial target = all.stream().filter(t -> t.number() == trialNumber).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("study '" + name() + "' has no trial "
                        + trialNumber));
        Object seen = target.systemAttrs().get(SEEN_TRIALS);
        Object pending = target.systemAttrs().get(PENDING_TRIALS);
        if (!(seen instanceof List<?> seenList) || !(pending instanceof List<?> pendingList)) {
            throw new IllegalArgumentException("trial " + trialNumber + " of study '" + name()
                    + "' has no recorded sampler history (enqueued or re-queued trials are not sampled)");
        }
        Set<Integer> seenSet = numbers(seenList);
        Set<Integer> pendingSet = numbers(pendingList);
        List<FrozenTrial> finished = all.stream().filter(t -> seenSet.contains(t.number())).toList();
        List<FrozenTrial> running = all.stream().filter(t -> pendingSet.contains(t.number())).toList();
        return sampler.suggest(context(trialNumber, finished, running));
    }

    private static Set<Integer> numbers(List<?> list) {
        Set<Integer> out = new HashSet<>();
        for (Object o : list) {
            out.add(((Number) o).intValue());
        }
        return out;
    }

    /**
     * Reattaches to a RUNNING trial by its number, e.g. in another process than the one that asked it (a program
     * that ran {@code hf ask} and now runs {@code hf tell}), so that it can be told like a trial from {@link #ask()}.
     *
     * <pre>{@code
     * study.tell(study.runningTrial(3), 0.91);
     * }</pre>
     *
     * @param number the trial number
     * @return the live trial
     * @throws java.util.NoSuchElementException if the study has no such trial
     * @throws IllegalStateException if the trial is not RUNNING (the message names its state)
     */
    public Trial runningTrial(int number) {
        FrozenTrial t = storage.getTrials(id()).stream().filter(x -> x.number() == number).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("study '" + name() + "' has no trial " + number));
        if (t.state() != TrialState.RUNNING) {
            throw new IllegalStateException("trial " + number + " of study '" + name() + "' is " + t.state()
                    + (t.values().isEmpty() ? "" : " (values " + t.values() + ")") + ", not RUNNING; only a running trial can be told");
        }
        return new Trial(this, t.id(), t.number(), t.params());
    }

    /**
     * Finishes a trial as COMPLETE (or FAILED if the value is NaN or infinite).
     *
     * @param trial the live trial
     * @param value its score
     * @return the finished trial
     */
    public FrozenTrial tell(Trial trial, double value) {
        if (!Double.isFinite(value)) {
            return storage.finishTrial(trial.id(), TrialState.FAILED, (Double) null, "objective returned " + value, now());
        }
        return storage.finishTrial(trial.id(), TrialState.COMPLETE, value, null, now());
    }

    /**
     * Finishes a trial as COMPLETE with one value per objective (or FAILED if a value is NaN or infinite). In a
     * single-objective study this is {@link #tell(Trial, double)}.
     *
     * <pre>{@code
     * study.tell(trial, List.of(0.91, 120_000.0));
     * }</pre>
     *
     * @param trial the live trial
     * @param values its values, in the order of {@link #directions()}
     * @return the finished trial
     * @throws IllegalArgumentException if the number of values differs from the number of objectives
     */
    public FrozenTrial tell(Trial trial, List<Double> values) {
        if (values.size() != directions().size()) {
            throw new IllegalArgumentException("study '" + name() + "' has " + directions().size()
                    + " objectives " + directions() + "; trial " + trial.number() + " was told " + values.size()
                    + " values " + values);
        }
        if (!isMultiObjective()) {
            return tell(trial, values.get(0) == null ? Double.NaN : values.get(0));
        }
        if (values.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
            return storage.finishTrial(trial.id(), TrialState.FAILED, List.of(), "objective returned " + values,
                    now());
        }
        return storage.finishTrial(trial.id(), TrialState.COMPLETE, values, null, now());
    }

    /**
     * Finishes a trial as {@link #tell(Trial, List)} does, recording its constraint values first (feasible when
     * every value is at most 0; see {@link Constraints}).
     *
     * @param trial the live trial
     * @param values its values, one per objective
     * @param constraints its constraint values, finite
     * @return the finished trial
     */
    public FrozenTrial tell(Trial trial, List<Double> values, List<Double> constraints) {
        storage.setSystemAttr(trial.id(), Constraints.KEY, Constraints.checked(constraints, trial.number()));
        return tell(trial, values);
    }

    /**
     * Finishes a trial as PRUNED, keeping its last intermediate value as its value (no value in a multi-objective
     * study).
     *
     * @param trial the live trial
     * @return the finished trial
     */
    public FrozenTrial tellPruned(Trial trial) {
        if (isMultiObjective()) {
            return storage.finishTrial(trial.id(), TrialState.PRUNED, List.of(), null, now());
        }
        Double last = storage.getTrial(trial.id()).lastIntermediateValue();
        return storage.finishTrial(trial.id(), TrialState.PRUNED, last, null, now());
    }

    /**
     * Finishes a trial as FAILED.
     *
     * @param trial the live trial
     * @param error error text or captured output
     * @return the finished trial
     */
    public FrozenTrial tellFailed(Trial trial, String error) {
        return storage.finishTrial(trial.id(), TrialState.FAILED, (Double) null, error, now());
    }

    /**
     * Queues a trial with fixed parameters; the next {@link #ask()} of any worker picks it up.
     *
     * @param params parameters, validated against the space
     * @return the WAITING trial
     */
    public FrozenTrial enqueue(Map<String, ?> params) {
        return storage.enqueueTrial(id(), space.validate(params), Map.of());
    }

    /**
     * Marks FAILED the RUNNING trials whose heartbeat is older than the stale limit (no-op without one) and,
     * if configured, re-queues their parameters.
     *
     * @return the trials failed by this call
     */
    public List<FrozenTrial> failStaleTrials() {
        if (staleAfter == null) {
            return List.of();
        }
        Instant now = now();
        List<FrozenTrial> failed = storage.failStaleTrials(id(), now.minus(staleAfter), now);
        if (requeueStale) {
            for (FrozenTrial t : failed) {
                if (!t.params().isEmpty()) {
                    storage.enqueueTrial(id(), t.params(), Map.of(RETRIED_FROM, t.number()));
                }
            }
        }
        return failed;
    }

    boolean shouldPrune(long trialId) {
        if (isMultiObjective()) {
            return false;
        }
        FrozenTrial t = storage.getTrial(trialId);
        return pruner.shouldPrune(t, storage.getTrials(id()), direction());
    }

    /** @return snapshots of all trials, by number */
    public List<FrozenTrial> trials() {
        return storage.getTrials(id());
    }

    /**
     * @return the best COMPLETE feasible trial (see {@link Constraints}), if any
     * @throws IllegalStateException in a multi-objective study, which has a front of best trials: use
     *     {@link #bestTrials()}
     */
    public Optional<FrozenTrial> bestTrial() {
        if (isMultiObjective()) {
            throw new IllegalStateException("study '" + name() + "' has " + directions().size()
                    + " objectives and no single best trial; use bestTrials() for its Pareto front");
        }
        Comparator<FrozenTrial> byLoss = Comparator.comparingDouble(t -> direction().toLoss(t.value()));
        return feasibleComplete().stream().min(byLoss);
    }

    /**
     * The Pareto front: the COMPLETE feasible trials that no other such trial dominates (no worse in every
     * objective, better in one). With one objective, the trials that share the best value.
     *
     * @return the front's trials, by number
     */
    public List<FrozenTrial> bestTrials() {
        List<FrozenTrial> candidates = feasibleComplete();
        double[][] losses = new double[candidates.size()][];
        for (int i = 0; i < losses.length; i++) {
            List<Double> v = candidates.get(i).values();
            losses[i] = new double[v.size()];
            for (int k = 0; k < v.size(); k++) {
                losses[i][k] = directions().get(k).toLoss(v.get(k));
            }
        }
        return Arrays.stream(Pareto.front(losses)).mapToObj(candidates::get).toList();
    }

    private List<FrozenTrial> feasibleComplete() {
        return storage.getTrials(id(), Set.of(TrialState.COMPLETE)).stream()
                .filter(t -> t.values().size() == directions().size() && Constraints.feasible(t)).toList();
    }

    /**
     * Runs trials until {@code nTrials} have been started by this call, on {@code nWorkers} threads, through the
     * {@link TrialLoop} (its failure isolation, heartbeats and stale reaping apply). A failing objective makes its
     * trial FAILED and the study goes on; {@link TrialPrunedException} makes it PRUNED.
     *
     * @param objective the objective
     * @param nTrials trials to run, at least 1
     * @param nWorkers worker threads, at least 1
     * @return the trials finished by this call, by number
     */
    public List<FrozenTrial> optimize(Objective objective, int nTrials, int nWorkers) {
        if (nTrials < 1) {
            throw new IllegalArgumentException("optimize needs nTrials >= 1, received " + nTrials);
        }
        if (nWorkers < 1) {
            throw new IllegalArgumentException("optimize needs nWorkers >= 1, received " + nWorkers);
        }
        return TrialLoop.builder(this, objective).trials(nTrials).threads(nWorkers).build().run().trials();
    }

    /**
     * Runs trials of a multi-objective study as {@link #optimize(Objective, int, int)} does, through the
     * {@link TrialLoop}. (Named apart from {@code optimize} because a lambda could be either kind of objective.)
     *
     * @param objective returns one value per objective
     * @param nTrials trials to run, at least 1
     * @param nWorkers worker threads, at least 1
     * @return the trials finished by this call, by number
     */
    public List<FrozenTrial> optimizeMulti(MultiObjective objective, int nTrials, int nWorkers) {
        if (nTrials < 1) {
            throw new IllegalArgumentException("optimize needs nTrials >= 1, received " + nTrials);
        }
        if (nWorkers < 1) {
            throw new IllegalArgumentException("optimize needs nWorkers >= 1, received " + nWorkers);
        }
        return TrialLoop.builderMulti(this, objective).trials(nTrials).threads(nWorkers).build().run().trials();
    }

    /** Builds or resumes a {@link Study}. */
    public static final class Builder {
        private final String name;
        private final SearchSpace space;
        private List<Direction> directions = List.of(Direction.MINIMIZE);
        private Sampler sampler = new RandomSampler();
        private Pruner pruner = new NopPruner();
        private long seed;
        private StudyStorage storage = new InMemoryStudyStorage();
        private Clock clock = Clock.systemUTC();
        private Duration staleAfter;
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private boolean requeueStale;
        private List<FrozenTrial> warmStart;

        private Builder(String name, SearchSpace space) {
            this.name = name;
            this.space = Objects.requireNonNull(space, "space");
        }

        /**
         * @param value minimise (default) or maximise
         * @return this builder
         */
        public Builder direction(Direction value) {
            this.directions = List.of(Objects.requireNonNull(value, "direction"));
            return this;
        }

        /**
         * Makes a multi-objective study (or, with one value, a single-objective one).
         *
         * @param values one direction per objective, 1..8
         * @return this builder
         */
        public Builder directions(Direction... values) {
            this.directions = Direction.checkAll(Arrays.asList(values), "study '" + name + "'");
            return this;
        }

        /**
         * @param value the sampler (default random)
         * @return this builder
         */
        public Builder sampler(Sampler value) {
            this.sampler = Objects.requireNonNull(value, "sampler");
            return this;
        }

        /**
         * @param value the pruner (default none)
         * @return this builder
         */
        public Builder pruner(Pruner value) {
            this.pruner = Objects.requireNonNull(value, "pruner");
            return this;
        }

        /**
         * @param value the study seed (default 0); ignored when resuming, which keeps the stored seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @param value the storage (default a fresh in-memory one)
         * @return this builder
         */
        public Builder storage(StudyStorage value) {
            this.storage = Objects.requireNonNull(value, "storage");
            return this;
        }

        /**
         * @param value the clock for start/end times and heartbeats
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param interval how often {@link #optimize} refreshes the heartbeat of its running trials
         * @param staleAfter RUNNING trials whose heartbeat is older than this are failed by {@link #ask()}
         * @param requeue whether a trial failed as stale is re-queued with the same parameters
         * @return this builder
         */
        public Builder heartbeat(Duration interval, Duration staleAfter, boolean requeue) {
            if (interval.isNegative() || interval.isZero() || staleAfter.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("heartbeat needs 0 < interval < staleAfter, received interval="
                        + interval + ", staleAfter=" + staleAfter);
            }
            this.heartbeatInterval = interval;
            this.staleAfter = staleAfter;
            this.requeueStale = requeue;
            return this;
        }

        /**
         * Seeds a new study with an earlier study's trials: the COMPLETE ones whose parameters fit this space
         * (all active parameters present, none extra, every value inside its distribution) become the sampler's
         * prior observations, stored with the study so that resumes, workers and replays see the same ones. Their
         * values must be in this study's direction. Resuming a study with a warm start of other trials is refused.
         *
         * @param trials the earlier study's trials (any states; the others are left out)
         * @return this builder
         */
        public Builder warmStart(List<FrozenTrial> trials) {
            this.warmStart = List.copyOf(Objects.requireNonNull(trials, "trials"));
            return this;
        }

        /**
         * Creates the study in the storage, or resumes it if the name exists (direction and sampler must
         * match what was stored).
         *
         * @return the study
         * @throws IllegalArgumentException if the sampler cannot search the space, or the study exists and does not
         *     fit the builder
         */
        public Study build() {
            sampler.checkSpace(space);
            if (!sampler.supportsObjectives(directions.size())) {
                throw new IllegalArgumentException("sampler '" + sampler.name() + "' of study '" + name
                        + "' optimises one objective, the study has " + directions.size() + " " + directions
                        + "; use nsga2, gp (bayes), random or lhs");
            }
            if (warmStart != null && directions.size() > 1) {
                throw new IllegalArgumentException("study '" + name + "' has " + directions.size()
                        + " objectives; a warm start supports single-objective studies only");
            }
            List<FrozenTrial> priors = warmStart == null ? null : WarmStart.fitting(space, warmStart);
            Optional<StudyInfo> existing = storage.findStudy(name);
            StudyInfo info;
            if (existing.isPresent()) {
                info = existing.get();
                StudySpec spec = info.spec();
                if (!spec.directions().equals(directions)) {
                    throw new IllegalArgumentException("study '" + name + "' was created with directions "
                            + spec.directions() + ", received " + directions + "; use another study name");
                }
                if (!spec.samplerName().equals(sampler.name())) {
                    throw new IllegalArgumentException("study '" + name + "' was created with sampler '"
                            + spec.samplerName() + "', received '" + sampler.name()
                            + "'; rebuild it with Samplers.create(name, settings) to resume");
                }
                List<FrozenTrial> stored = WarmStart.read(space, storage.loadSamplerState(info.id()));
                if (priors != null && !WarmStart.same(priors, stored)) {
                    throw new IllegalArgumentException("study '" + name + "' exists with " + stored.size()
                            + " warm-start trials, not the " + priors.size() + " given; a warm start applies only when"
                            + " a study is created: resume it without one, or use another study name");
                }
                return new Study(this, info, stored);
            }
            String state = priors == null || priors.isEmpty() ? sampler.settingsJson()
                    : WarmStart.state(sampler.settingsJson(), priors);
            info = storage.createStudy(new StudySpec(name, directions, sampler.name(), sampler.settingsJson(), seed));
            storage.saveSamplerState(info.id(), state);
            return new Study(this, info, WarmStart.read(space, Optional.of(state)));
        }
    }
}
