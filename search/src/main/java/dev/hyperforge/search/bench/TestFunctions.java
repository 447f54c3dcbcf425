package dev.hyperforge.search.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's test functions, with the same definitions, bounds and known minima as
 * {@code shared/bench/optuna_peer.py}.
 */
public final class TestFunctions {

    /**
     * A function to minimise over a box.
     *
     * @param name name
     * @param function the function
     * @param bounds {low, high} per dimension
     * @param optimum known minimum
     */
    public record TestFunction(String name, ToDoubleFunction<double[]> function, List<double[]> bounds,
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
            "branin", new TestFunction("branin", TestFunctions::branin,
                    List.of(new double[] {-5, 10}, new double[] {0, 15}), 0.397887),
            "hartmann6", new TestFunction("hartmann6", TestFunctions::hartmann6,
                    List.of(unit(), unit(), unit(), unit(), unit(), unit()), -3.32237),
            "rosenbrock4", new TestFunction("rosenbrock4", TestFunctions::rosenbrock4,
                    List.of(new double[] {-2, 2}, new double[] {-2, 2}, new double[] {-2, 2},
                            new double[] {-2, 2}), 0.0));

    private TestFunctions() {
    }

    private static double[] unit() {
        return new double[] {0, 1};
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
}
