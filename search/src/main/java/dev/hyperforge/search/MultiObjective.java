package dev.hyperforge.search;

/**
 * What a multi-objective study optimises: evaluates a trial's parameters and returns one value per direction of the
 * study, in the order of {@link Study#directions()}. Constraint values, if any, are set on the trial with
 * {@link Trial#setConstraints(double...)} before returning. Pruning is off in a multi-objective study
 * ({@link Trial#shouldPrune()} is always false), as in Optuna.
 *
 * <pre>{@code
 * Study study = Study.builder("zdt1", space).directions(Direction.MINIMIZE, Direction.MINIMIZE)
 *     .sampler(Samplers.create("nsga2", "{}")).build();
 * study.optimizeMulti(trial -> {
 *     double x = trial.getDouble("x");
 *     return new double[] {x, 1 - Math.sqrt(x)};
 * }, 100, 1);
 * List<FrozenTrial> front = study.bestTrials();
 * }</pre>
 */
@FunctionalInterface
public interface MultiObjective {

    /**
     * @param trial the live trial
     * @return its values, one per objective; a NaN or infinite value makes the trial FAILED
     * @throws Exception any failure makes the trial FAILED with the error text kept
     */
    double[] evaluate(Trial trial) throws Exception;
}
