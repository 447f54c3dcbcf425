package dev.hyperforge.search.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** A small box-constrained (projected) L-BFGS minimiser. */
public final class Lbfgs {

    /** A function and its gradient. */
    @FunctionalInterface
    public interface Function {
        /**
         * @param x the point (do not modify)
         * @param gradient filled with the gradient at x
         * @return the value at x
         */
        double valueAndGradient(double[] x, double[] gradient);

        /**
         * @param x the point (do not modify)
         * @return the value at x; override when it is cheaper than with the gradient
         */
        default double value(double[] x) {
            return valueAndGradient(x, new double[x.length]);
        }
    }

    /**
     * @param value the function
     * @param gradient its gradient
     * @return a function whose value can be computed without the gradient
     */
    public static Function of(java.util.function.ToDoubleFunction<double[]> value,
                              java.util.function.BiFunction<double[], Double, double[]> gradient) {
        return new Function() {
            @Override
            public double valueAndGradient(double[] x, double[] g) {
                double v = value.applyAsDouble(x);
                System.arraycopy(gradient.apply(x, v), 0, g, 0, g.length);
                return v;
            }

            @Override
            public double value(double[] x) {
                return value.applyAsDouble(x);
            }
        };
    }

    /**
     * Result of a minimisation.
     *
     * @param x the best point
     * @param value the value there
     */
    public record Result(double[] x, double value) {
    }

    private Lbfgs() {
    }

    /**
     * Minimises f over the box {@code [lower, upper]} from x0.
     *
     * @param f the function
     * @param x0 start (clamped into the box)
     * @param lower lower bounds
     * @param upper upper bounds
     * @param maxIterations iteration limit
     * @return the best point found
     */
    public static Result minimize(Function f, double[] x0, double[] lower, double[] upper, int maxIterations) {
        return minimize(f, x0, lower, upper, maxIterations, false);
    }

    /**
     * Minimises f over the box {@code [lower, upper]} from x0.
     *
     * @param f the function
     * @param x0 start (clamped into the box)
     * @param lower lower bounds
     * @param upper upper bounds
     * @param maxIterations iteration limit
     * @param interpolate backtrack to the minimum of a quadratic model ({@link #backtrack}) instead of halving the
     *     step, which saves evaluations where long steps are often rejected
     * @return the best point found
     */
    public static Result minimize(Function f, double[] x0, double[] lower, double[] upper, int maxIterations,
                                  boolean interpolate) {
        int n = x0.length;
        double[] x = clamp(x0.clone(), lower, upper);
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx);
        }
        Deque<double[][]> memory = new ArrayDeque<>();
        for (int iter = 0; iter < maxIterations; iter++) {
            double[] d = direction(g, memory);
            project(d, x, lower, upper);
            double slope = dot(g, d);
            if (!(slope < 0)) {
                memory.clear();
                d = neg(g);
                project(d, x, lower, upper);
                slope = dot(g, d);
                if (!(slope < 0)) {
                    break;
                }
            }
            double step = memory.isEmpty() ? Math.min(1.0, 1.0 / Math.max(1e-12, Math.sqrt(dot(d, d)))) : 1.0;
            double[] xn = null;
            double[] gn = new double[n];
            double fn = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 25; ls++) {
                xn = x.clone();
                for (int i = 0; i < n; i++) {
                    xn[i] += step * d[i];
                }
                clamp(xn, lower, upper);
                fn = f.value(xn);
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    decrease += g[i] * (xn[i] - x[i]);
                }
                if (Double.isFinite(fn) && fn <= fx + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                step = interpolate ? backtrack(step, slope, fx, fn) : 0.5 * step;
            }
            if (!accepted) {
                break;
            }
            fn = f.valueAndGradient(xn, gn);
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                y[i] = gn[i] - g[i];
            }
            if (dot(s, y) > 1e-12) {
                memory.addLast(new double[][] {s, y});
                if (memory.size() > 8) {
                    memory.removeFirst();
                }
            }
            boolean converged = Math.abs(fx - fn) <= 1e-10 * (1 + Math.abs(fx));
            x = xn;
            g = gn;
            fx = fn;
            if (converged) {
                break;
            }
        }
        return new Result(x, fx);
    }

    /**
     * The next trial step after a rejected one: the minimiser of the quadratic through f(x), the slope there and
     * the rejected value, kept within [0.1, 0.5] of the rejected step (a quarter of it when the value was not finite).
     *
     * @param step the rejected step
     * @param slope the directional derivative at the start
     * @param fx the value at the start
     * @param fn the value at the rejected step
     * @return the next step
     */
    static double backtrack(double step, double slope, double fx, double fn) {
        if (!Double.isFinite(fn)) {
            return 0.25 * step;
        }
        double curvature = fn - fx - slope * step;
        double t = curvature > 0 ? -slope * step * step / (2 * curvature) : 0.5 * step;
        return Math.max(0.1 * step, Math.min(0.5 * step, t));
    }

    private static double[] direction(double[] g, Deque<double[][]> memory) {
        double[] q = neg(g);
        int m = memory.size();
        double[] alpha = new double[m];
        double[][][] pairs = memory.toArray(new double[0][][]);
        for (int k = m - 1; k >= 0; k--) {
            double rho = 1.0 / dot(pairs[k][1], pairs[k][0]);
            alpha[k] = rho * dot(pairs[k][0], q);
            axpy(-alpha[k], pairs[k][1], q);
        }
        if (m > 0) {
            double[] s = pairs[m - 1][0];
            double[] y = pairs[m - 1][1];
            double gamma = dot(s, y) / dot(y, y);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = 0; k < m; k++) {
            double rho = 1.0 / dot(pairs[k][1], pairs[k][0]);
            double beta = rho * dot(pairs[k][1], q);
            axpy(alpha[k] - beta, pairs[k][0], q);
        }
        return q;
    }

    private static void project(double[] d, double[] x, double[] lower, double[] upper) {
        for (int i = 0; i < d.length; i++) {
            if ((x[i] <= lower[i] && d[i] < 0) || (x[i] >= upper[i] && d[i] > 0)) {
                d[i] = 0;
            }
        }
    }

    private static double[] clamp(double[] x, double[] lower, double[] upper) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
        }
        return x;
    }

    private static double[] neg(double[] g) {
        double[] d = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            d[i] = -g[i];
        }
        return d;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
