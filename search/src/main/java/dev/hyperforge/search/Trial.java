package dev.hyperforge.search;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A live handle on a RUNNING trial, handed out by {@link Study#ask()}: read parameters, report intermediate
 * values, ask whether to prune. Thread-safe; the state lives in the study's storage.
 *
 * <pre>{@code
 * Trial trial = study.ask();
 * double lr = trial.getDouble("lr");
 * trial.report(0, 0.9);
 * if (trial.shouldPrune()) { study.tellPruned(trial); }
 * }</pre>
 */
public final class Trial {

    private final Study study;
    private final long id;
    private final int number;
    private final Map<String, Object> params;

    Trial(Study study, long id, int number, Map<String, Object> params) {
        this.study = study;
        this.id = id;
        this.number = number;
        this.params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }

    /** @return the storage-wide id */
    public long id() {
        return id;
    }

    /** @return the trial number within the study */
    public int number() {
        return number;
    }

    /** @return the parameters of this trial (inactive conditional parameters absent) */
    public Map<String, Object> params() {
        return params;
    }

    /**
     * @param name parameter name
     * @return true if the parameter is active in this trial
     */
    public boolean isActive(String name) {
        return params.containsKey(name);
    }

    /**
     * @param name parameter name
     * @return its value
     * @throws IllegalArgumentException if the parameter is unknown or inactive
     */
    public Object get(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is not active in trial " + number
                    + "; active: " + params.keySet() + " (check isActive for conditional parameters)");
        }
        return v;
    }

    /**
     * @param name a float or int parameter
     * @return its value as a double
     */
    public double getDouble(String name) {
        return asNumber(name).doubleValue();
    }

    /**
     * @param name an int parameter
     * @return its value
     */
    public int getInt(String name) {
        return asNumber(name).intValue();
    }

    /**
     * @param name a categorical parameter
     * @return its value as a string
     */
    public String getString(String name) {
        return String.valueOf(get(name));
    }

    /**
     * @param name a simplex parameter
     * @return its weights
     */
    public double[] getWeights(String name) {
        Object v = get(name);
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not a simplex (weights), received " + v);
        }
        return list.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    private Number asNumber(String name) {
        Object v = get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("parameter '" + name + "' is not numeric, received " + v);
        }
        return n;
    }

    /**
     * Records an intermediate value (e.g. the validation loss after an epoch) and refreshes the heartbeat.
     *
     * @param step step, at least 0
     * @param value value
     */
    public void report(int step, double value) {
        study.storage().reportIntermediate(id, step, value);
        study.storage().heartbeat(id, study.now());
    }

    /**
     * Asks the study's pruner whether this trial should stop now. In a study with several objectives this is always
     * false: pruning compares one intermediate value with other trials', which has no meaning for a vector of
     * objectives, so (as in Optuna) multi-objective studies never prune; {@link #report} still records values.
     *
     * @return true if the study's pruner says this trial should stop now
     */
    public boolean shouldPrune() {
        return study.shouldPrune(id);
    }

    /**
     * Records this trial's constraint values (Optuna's semantics: feasible when every value is at most 0), in the
     * system attribute {@link Constraints#KEY}; call it before the objective returns. Infeasible trials never enter
     * {@link Study#bestTrials()} and constraint-aware samplers steer away from them.
     *
     * @param values constraint values, finite
     */
    public void setConstraints(double... values) {
        study.storage().setSystemAttr(id, Constraints.KEY,
                Constraints.checked(java.util.Arrays.stream(values).boxed().toList(), number));
    }

    /**
     * @param key attribute name
     * @param value JSON-friendly value
     */
    public void setUserAttr(String key, Object value) {
        study.storage().setUserAttr(id, Objects.requireNonNull(key, "key"), value);
    }

    /** @return the current snapshot of this trial */
    public FrozenTrial snapshot() {
        return study.storage().getTrial(id);
    }

    @Override
    public String toString() {
        return "Trial#" + number + params;
    }
}
