package dev.hyperforge.search.bench;

import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's test functions, with the same definitions, spaces and known minima as
 * {@code shared/bench/optuna_peer.py}: continuous boxes (branin, hartmann6, rosenbrock4, levy10) and the mixed and
 * conditional spaces of {@link MixedFunctions} (mlp6, cond4).
 *
 * <pre>{@code
 * TestFunctions.TestFunction f = TestFunctions.ALL.get("levy10");
 * double v = f.objective().applyAsDouble(f.space().sample(new SplittableRandom(1)));
 * }</pre>
 */
public final class TestFunctions {

    /**
     * A function to minimise over a search space.
     *
     * @param name name
     * @param space the space (a box has parameters {@code x0, x1, ...})
     * @param objective the function of a trial's parameters
     * @param optimum known minimum
     */
    public record TestFunction(String name, SearchSpace space, ToDoubleFunction<Map<String, Object>> objective,
                               double optimum) {
    }

    private static final double[][] HART6_A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] HART6_P = {{1312, 1696, 5569, 124, 8283, 5886},
        {2329, 4135, 8307, 3736, 1004, 9991}, {2348, 1451, 3522, 2883, 3047, 6650},
        {4047, 8828, 8732, 5743, 1091, 381}};
    private static final double[] HART_ALPHA = {1.0, 1.2, 3.0, 3.2};

    /** Name to function. */
    public static final Map<String, TestFunction> ALL = Map.of(
            "branin", box("branin", TestFunctions::branin,
                    List.of(new double[] {-5, 10}, new double[] {0, 15}), 0.397887),
            "hartmann6", box("hartmann6", TestFunctions::hartmann6, same(6, 0, 1), -3.32237),
            "rosenbrock4", box("rosenbrock4", TestFunctions::rosenbrock4, same(4, -2, 2), 0.0),
            "levy10", box("levy10", TestFunctions::levy, same(10, -10, 10), 0.0),
            "mlp6", new TestFunction("mlp6", MixedFunctions.MLP6_SPACE, MixedFunctions::mlp6, 0.08),
            "cond4", new TestFunction("cond4", MixedFunctions.COND4_SPACE, MixedFunctions::cond4, 0.09));

    private TestFunctions() {
    }

    private static List<double[]> same(int dimensions, double low, double high) {
        return java.util.Collections.nCopies(dimensions, new double[] {low, high});
    }

    /**
     * @param name name
     * @param function a function of a point
     * @param bounds {low, high} per dimension
     * @param optimum known minimum
     * @return the function over the box, with linear float parameters {@code x0, x1, ...}
     */
    public static TestFunction box(String name, ToDoubleFunction<double[]> function, List<double[]> bounds,
                                   double optimum) {
        SearchSpace.Builder b = SearchSpace.builder();
        for (int i = 0; i < bounds.size(); i++) {
            b.add("x" + i, FloatDistribution.linear(bounds.get(i)[0], bounds.get(i)[1]));
        }
        int n = bounds.size();
        return new TestFunction(name, b.build(), params -> {
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = ((Number) params.get("x" + k)).doubleValue();
            }
            return function.applyAsDouble(x);
        }, optimum);
    }

    /**
     * @param x two coordinates
     * @return the Branin function
     */
    public static double branin(double[] x) {
        double a = 1.0;
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double r = 6.0;
        double s = 10.0;
        double t = 1 / (8 * Math.PI);
        return a * Math.pow(x[1] - b * x[0] * x[0] + c * x[0] - r, 2) + s * (1 - t) * Math.cos(x[0]) + s;
    }

    /**
     * @param x six coordinates
     * @return the Hartmann-6 function
     */
    public static double hartmann6(double[] x) {
        double total = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                inner += HART6_A[i][j] * Math.pow(x[j] - 1e-4 * HART6_P[i][j], 2);
            }
            total += HART_ALPHA[i] * Math.exp(-inner);
        }
        return -total;
    }

    /**
     * @param x four coordinates
     * @return the Rosenbrock function
     */
    public static double rosenbrock4(double[] x) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            s += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return s;
    }

    /**
     * @param x any number of coordinates (the benchmark uses ten in [-10, 10])
     * @return the Levy function, 0 at (1, ..., 1)
     */
    public static double levy(double[] x) {
        int d = x.length;
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = 1 + (x[i] - 1) / 4;
        }
        double last = w[d - 1];
        double s = Math.pow(Math.sin(Math.PI * w[0]), 2)
                + Math.pow(last - 1, 2) * (1 + Math.pow(Math.sin(2 * Math.PI * last), 2));
        double sum = 0;
        for (int i = 0; i < d - 1; i++) {
            sum += Math.pow(w[i] - 1, 2) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
        }
        return s + sum;
    }
}
