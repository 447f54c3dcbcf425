package dev.hyperforge.web;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes of a study driven from outside, behind {@code POST /api/studies/{id}/ask}, {@code POST
 * /api/runs/{id}/tell} and {@code POST /api/runs/{id}/metrics}. The web module only routes and checks requests;
 * the study logic (sampler, budget) lives with whoever starts the server ({@code hf serve} injects its own), so
 * the web module never depends on the experiments.
 *
 * <pre>{@code
 * DashboardServer server = DashboardServer.start(store, options, askTell);
 * AskTell.Asked a = askTell.ask(studyId);                    // trial RUNNING, within the budget
 * askTell.log(a.run(), List.of(MetricPoint.now("val_loss", 0, 0.31)));
 * askTell.tell(a.run(), AskTell.Outcome.complete(0.91));
 * }</pre>
 *
 * <p>Errors: {@link java.util.NoSuchElementException} for an unknown study or run (404),
 * {@link IllegalArgumentException} for bad input (400), {@link IllegalStateException} for a spent budget or a
 * run that is not RUNNING (409); messages say what to do.
 */
public interface AskTell {

    /**
     * Starts a trial of the study, within its trial budget, with parameters from its sampler.
     *
     * @param studyId the study
     * @return the RUNNING trial
     */
    Asked ask(long studyId);

    /**
     * Finishes a RUNNING trial.
     *
     * @param runId the trial's run
     * @param outcome its score, or pruned, or failed
     * @return the finished run
     */
    Run tell(long runId, Outcome outcome);

    /**
     * Logs metric points of a RUNNING trial (and refreshes its heartbeat).
     *
     * @param runId the trial's run
     * @param points the points, in one transaction
     * @return true when the study's pruner says the trial should stop now
     */
    boolean log(long runId, List<MetricPoint> points);

    /**
     * A trial handed out by {@link #ask}.
     *
     * @param study the study name
     * @param studyId the study id
     * @param trial the trial number within the study
     * @param run the run id (for tell and metrics)
     * @param params the parameters to evaluate
     */
    record Asked(String study, long studyId, int trial, long run, Map<String, Object> params) {
        /** Copies the parameters. */
        public Asked {
            params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        }
    }

    /**
     * How a trial ended.
     *
     * @param state COMPLETE, PRUNED or FAILED
     * @param values the scores, one per objective of the study (COMPLETE only; empty otherwise)
     * @param error the reason (FAILED only), or null
     */
    record Outcome(TrialState state, java.util.List<Double> values, String error) {
        /** Validates the combination. */
        public Outcome {
            Objects.requireNonNull(state, "state");
            values = java.util.List.copyOf(Objects.requireNonNull(values, "values"));
            if (!state.isFinished()) {
                throw new IllegalArgumentException("a trial ends COMPLETE, PRUNED or FAILED, received " + state);
            }
            if ((state == TrialState.COMPLETE) != !values.isEmpty()) {
                throw new IllegalArgumentException("a value goes with COMPLETE and only with it; received state " + state
                        + " and values " + values);
            }
        }

        /** @return the (first) score, or null when there is none */
        public Double value() {
            return values.isEmpty() ? null : values.get(0);
        }

        /**
         * @param values the scores of a multi-objective study's trial, one per objective
         * @return a COMPLETE outcome
         */
        public static Outcome complete(java.util.List<Double> values) {
            return new Outcome(TrialState.COMPLETE, values, null);
        }

        /**
         * @param value the score
         * @return a COMPLETE outcome
         */
        public static Outcome complete(double value) {
            return new Outcome(TrialState.COMPLETE, java.util.List.of(value), null);
        }

        /** @return a PRUNED outcome */
        public static Outcome pruned() {
            return new Outcome(TrialState.PRUNED, java.util.List.of(), null);
        }

        /**
         * @param reason why it failed
         * @return a FAILED outcome
         */
        public static Outcome failed(String reason) {
            return new Outcome(TrialState.FAILED, java.util.List.of(), reason);
        }
    }
}
