package dev.hyperforge.experiments.command;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hyperforge.experiments.data.DataSet;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.experiments.model.ModelFactory;
import dev.hyperforge.experiments.run.SearchSpaces;
import dev.hyperforge.experiments.run.RunHeartbeat;
import dev.hyperforge.experiments.run.SingleRun;
import dev.hyperforge.experiments.run.Workspace;
import dev.hyperforge.tracker.TrialValues;
import dev.hyperforge.search.TrialAbortedException;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;

/**
 * Command experiments outside the worker loop: their provenance (no model, no ND4J: the command template, its
 * working directory and script SHA-256 instead) and {@code hf train FILE} of a command (one tracked run of the
 * program, ended with its process tree on Ctrl-C/SIGTERM and recorded FAILED with the reason).
 *
 * <pre>{@code
 * CommandRuns.Result r = CommandRuns.train(experiment, Map.of("lr", 0.1), 7, store, () -> { });
 * System.out.println(r.run().id() + " " + r.outcome().score());
 * }</pre>
 */
public final class CommandRuns {
    private static final Logger LOG = LoggerFactory.getLogger(CommandRuns.class);
    /** The backend recorded for runs that trained no model in this JVM. */
    public static final String NO_BACKEND = "none (command objective)";
    /** How long Ctrl-C/SIGTERM waits for the program to end and its run to be recorded. */
    static final Duration GRACE = dev.hyperforge.search.CommandProcess.GRACE.plusSeconds(5);

    private CommandRuns() {
    }

    /** The run and what the program produced. */
    public record Result(Run run, ProgramRun.Outcome outcome) {
    }

    /**
     * The provenance of a run of a command experiment.
     *
     * @param e the experiment
     * @param data its data when it has a data section, else null
     * @param config the resolved configuration; the command's template, working directory and script are added
     * @param seeds the seeds
     * @return the provenance
     */
    public static Provenance provenance(Experiment e, DataSet data, Map<String, Object> config, Map<String, Long> seeds) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put("command", CommandRecord.template(e.command().orElseThrow(), e.source().baseDir()));
        Provenance.Builder b = Provenance.builder().experimentFile(e.text()).resolvedConfig(Json.write(c))
                .dataFingerprint(data == null ? Hashing.sha256Hex("") : data.fingerprint()).nd4j(NO_BACKEND, NO_BACKEND);
        seeds.forEach(b::seed);
        return b.build();
    }

    /**
     * {@code hf train} of a command experiment: one tracked run in the study {@code <experiment>-train}.
     *
     * @param e a command experiment
     * @param given parameter values (the rest take their defaults)
     * @param seed recorded as the run's {@code train} seed
     * @param store the tracker
     * @param afterInterrupt runs after an interrupted run was recorded (closing the database)
     * @param heartbeat how often the run's heartbeat is refreshed ({@link RunHeartbeat})
     * @return the run and its outcome
     * @throws TrialAbortedException when the program failed (the run is FAILED with the reason)
     */
    public static Result train(Experiment e, Map<String, ?> given, long seed, RunStore store, Runnable afterInterrupt,
                               Duration heartbeat) {
        Map<String, Object> params = ModelFactory.params(e, given);
        Objective objective = ProgramRun.objective(e);
        long experimentId = store.saveExperiment(e.text()).id();
        StudyRecord study = store.createOrGetStudy(new StudySpec(e.name() + "-train", objective.direction(), "manual", "{}", seed),
                experimentId);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", e.name());
        config.put("params", params);
        Run run = store.startRun(study.id(), provenance(e, Workspace.data(e), config, Map.of("experiment", e.seed(), SingleRun.TRAIN_SEED, seed)));
        store.setParams(run.id(), TrialValues.params(params, SearchSpaces.distributionsJson(e)));
        CountDownLatch done = new CountDownLatch(1);
        String[] stop = new String[1];
        Thread hook = new Thread(() -> {
            stop[0] = "interrupted: the process was stopped (SIGINT/SIGTERM)";
            awaitQuietly(done);
            markFailed(store, run.id(), stop[0]);
            afterInterrupt.run();
        }, "hf-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RunHeartbeat beat = RunHeartbeat.start(store, study.id(), run.id(), heartbeat)) {
            ProgramRun.Outcome o = new ProgramRun(e, store, run.id(), study.name(), run.number()).run(params, (s, v) -> {
                store.reportIntermediate(run.id(), s, v);
                return false;
            }, () -> stop[0]);
            return new Result(store.finishRun(run.id(), TrialState.COMPLETE, o.score(), null), o);
        } catch (RuntimeException ex) {
            markFailed(store, run.id(), String.valueOf(ex.getMessage()));
            throw ex;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static void awaitQuietly(CountDownLatch done) {
        try {
            done.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void markFailed(RunStore store, long runId, String reason) {
        try {
            if (store.run(runId).state() == TrialState.RUNNING) {
                store.finishRun(runId, TrialState.FAILED, null, reason);
            }
        } catch (RuntimeException e) {
            // already finished, or the database is closing
            LOG.debug("run {} not marked FAILED ({}): {}", runId, reason, e.toString());
        }
    }
}
