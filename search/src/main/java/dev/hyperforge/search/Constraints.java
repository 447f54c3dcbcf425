package dev.hyperforge.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Constraint values of trials, with Optuna's semantics: a trial's constraint values live in its system attributes
 * under {@link #KEY} as a list of numbers; the trial is feasible when every value is at most 0 (a trial without
 * constraint values is feasible). The violation is the sum of the positive parts, which orders infeasible trials
 * (Deb's constrained domination: feasible beats infeasible, a smaller violation beats a larger one).
 *
 * <pre>{@code
 * Trial t = study.ask();
 * long params = countParams(t);
 * study.tell(t, List.of(accuracy, (double) params), List.of(params - 200_000.0));  // feasible iff params <= 200000
 * boolean ok = Constraints.feasible(t.snapshot());
 * }</pre>
 */
public final class Constraints {

    /** System attribute holding a trial's constraint values. */
    public static final String KEY = "constraints";

    private Constraints() {
    }

    /**
     * @param t a trial
     * @return its constraint values, empty when it has none
     * @throws IllegalArgumentException when the attribute is not a list of numbers
     */
    public static double[] values(FrozenTrial t) {
        Object raw = t.systemAttrs().get(KEY);
        if (raw == null) {
            return new double[0];
        }
        if (!(raw instanceof List<?> list)) {
            throw new IllegalArgumentException("system attribute '" + KEY + "' of trial " + t.number()
                    + " must be a list of numbers, received " + raw);
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("constraint " + i + " of trial " + t.number()
                        + " must be a number, received " + list.get(i));
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /**
     * @param t a trial
     * @return true when every constraint value is at most 0 (or there are none)
     */
    public static boolean feasible(FrozenTrial t) {
        return violation(t) == 0.0;
    }

    /**
     * @param t a trial
     * @return the sum of the positive constraint values (0 when feasible; NaN counts as infinitely violated)
     */
    public static double violation(FrozenTrial t) {
        double sum = 0;
        for (double c : values(t)) {
            if (Double.isNaN(c)) {
                return Double.POSITIVE_INFINITY;
            }
            sum += Math.max(0.0, c);
        }
        return sum;
    }

    /**
     * Checks constraint values given by a user and turns them into the stored form.
     *
     * @param constraints the values, finite (they are stored as JSON numbers)
     * @param trialNumber the trial, for the message
     * @return a JSON-friendly copy
     */
    public static List<Double> checked(List<Double> constraints, int trialNumber) {
        List<Double> out = new ArrayList<>(constraints.size());
        for (int i = 0; i < constraints.size(); i++) {
            Double c = constraints.get(i);
            if (c == null || !Double.isFinite(c)) {
                throw new IllegalArgumentException("constraint " + i + " of trial " + trialNumber
                        + " must be a finite number (feasible when <= 0), received " + c);
            }
            out.add(c);
        }
        return List.copyOf(out);
    }
}
