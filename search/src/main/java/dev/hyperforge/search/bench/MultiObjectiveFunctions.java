package dev.hyperforge.search.bench;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Multi-objective test functions (all objectives minimised) with their reference points and the hypervolume of
 * their true Pareto fronts, exactly as {@code shared/bench/optuna_mo_peer.py} defines them; x in [0,1]^6.
 * <ul>
 *   <li>{@code zdt1}: f1 = x0, g = 1 + 9 mean(x1..x5), f2 = g (1 - sqrt(f1 / g)); reference (1.1, 11); true
 *   hypervolume 11 - 1/3 + 1.1.</li>
 *   <li>{@code zdt2}: as zdt1 with f2 = g (1 - (f1 / g)²); true hypervolume 11 - 2/3 + 1.1.</li>
 *   <li>{@code dtlz2}: g = Σ_{i≥2} (x_i - 0.5)², f = (1+g)(cos a cos b, cos a sin b, sin a), a = x0 π/2,
 *   b = x1 π/2; reference (1.1, 1.1, 1.1); true hypervolume 1.1³ - π/6.</li>
 * </ul>
 *
 * <pre>{@code
 * MultiObjectiveFunctions.Function zdt1 = MultiObjectiveFunctions.ALL.get("zdt1");
 * double[] f = zdt1.evaluate(new double[] {0.25, 0, 0, 0, 0, 0});   // {0.25, 0.5}
 * }</pre>
 */
public final class MultiObjectiveFunctions {

    /** Dimensions of every function. */
    public static final int DIMENSIONS = 6;

    /**
     * A multi-objective test function.
     *
     * @param name name
     * @param objectives number of objectives
     * @param reference reference point of the hypervolume
     * @param trueHypervolume hypervolume of the true Pareto front against the reference
     * @param f the function of x in [0,1]^6
     */
    public record Function(String name, int objectives, double[] reference, double trueHypervolume,
                           java.util.function.Function<double[], double[]> f) {

        /**
         * @param x the point
         * @return the objective values
         */
        public double[] evaluate(double[] x) {
            return f.apply(x);
        }

        /** @return the space: x0..x5 uniform on [0,1] */
        public SearchSpace space() {
            SearchSpace.Builder b = SearchSpace.builder();
            for (int i = 0; i < DIMENSIONS; i++) {
                b.add("x" + i, FloatDistribution.linear(0, 1));
            }
            return b.build();
        }

        /**
         * @param params parameters x0..x5
         * @return the objective values
         */
        public double[] evaluate(Map<String, Object> params) {
            double[] x = new double[DIMENSIONS];
            ToDoubleFunction<String> get = k -> ((Number) params.get(k)).doubleValue();
            for (int i = 0; i < DIMENSIONS; i++) {
                x[i] = get.applyAsDouble("x" + i);
            }
            return evaluate(x);
        }
    }

    /** The functions by name. */
    public static final Map<String, Function> ALL;

    static {
        Map<String, Function> m = new LinkedHashMap<>();
        m.put("zdt1", new Function("zdt1", 2, new double[] {1.1, 11}, 11 - 1.0 / 3 + 1.1,
                x -> zdt(x, false)));
        m.put("zdt2", new Function("zdt2", 2, new double[] {1.1, 11}, 11 - 2.0 / 3 + 1.1,
                x -> zdt(x, true)));
        m.put("dtlz2", new Function("dtlz2", 3, new double[] {1.1, 1.1, 1.1}, Math.pow(1.1, 3) - Math.PI / 6,
                MultiObjectiveFunctions::dtlz2));
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    private MultiObjectiveFunctions() {
    }

    private static double[] zdt(double[] x, boolean squared) {
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += x[i];
        }
        double g = 1 + 9 * sum / (x.length - 1);
        double r = x[0] / g;
        return new double[] {x[0], g * (1 - (squared ? r * r : Math.sqrt(r)))};
    }

    private static double[] dtlz2(double[] x) {
        double g = 0;
        for (int i = 2; i < x.length; i++) {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }
        double a = x[0] * Math.PI / 2;
        double b = x[1] * Math.PI / 2;
        return new double[] {(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b),
            (1 + g) * Math.sin(a)};
    }
}
