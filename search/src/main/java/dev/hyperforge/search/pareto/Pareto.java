package dev.hyperforge.search.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance on loss vectors (smaller is better in every objective): Deb's fast non-dominated sorting, the
 * crowding distance of NSGA-II and Deb's constrained domination (a feasible point beats an infeasible one, of two
 * infeasible points the smaller violation wins, of two feasible points ordinary dominance decides).
 *
 * <pre>{@code
 * double[][] losses = {{1, 4}, {2, 2}, {3, 3}, {4, 1}};
 * List<int[]> fronts = Pareto.sort(losses);          // [[0, 1, 3], [2]]
 * double[] crowd = Pareto.crowdingDistance(losses, fronts.get(0));
 * }</pre>
 */
public final class Pareto {

    private Pareto() {
    }

    /**
     * @param a a loss vector
     * @param b another, of the same length
     * @return true when {@code a} is no worse than {@code b} everywhere and better somewhere
     */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            better |= a[k] < b[k];
        }
        return better;
    }

    /**
     * Deb's constrained domination.
     *
     * @param a a loss vector
     * @param violationA its constraint violation (0 when feasible)
     * @param b another loss vector
     * @param violationB its violation
     * @return true when {@code a} constrained-dominates {@code b}
     */
    public static boolean constrainedDominates(double[] a, double violationA, double[] b, double violationB) {
        if (violationA == 0 && violationB == 0) {
            return dominates(a, b);
        }
        return violationA < violationB;
    }

    /**
     * Fast non-dominated sorting (Deb et al. 2002), O(m n²).
     *
     * @param losses one loss vector per point
     * @return the fronts, best first, each the ascending indices of its points
     */
    public static List<int[]> sort(double[][] losses) {
        return sort(losses, new double[losses.length]);
    }

    /**
     * Non-dominated sorting under constrained domination.
     *
     * @param losses one loss vector per point
     * @param violations each point's constraint violation (0 when feasible)
     * @return the fronts, best first, each the ascending indices of its points
     */
    public static List<int[]> sort(double[][] losses, double[] violations) {
        int n = losses.length;
        List<List<Integer>> dominated = new ArrayList<>(n);
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            dominated.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (constrainedDominates(losses[i], violations[i], losses[j], violations[j])) {
                    dominated.get(i).add(j);
                    count[j]++;
                } else if (constrainedDominates(losses[j], violations[j], losses[i], violations[i])) {
                    dominated.get(j).add(i);
                    count[i]++;
                }
            }
        }
        List<int[]> fronts = new ArrayList<>();
        int[] current = indicesWhere(count, 0);
        while (current.length > 0) {
            fronts.add(current);
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominated.get(i)) {
                    if (--count[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return fronts;
    }

    private static int[] indicesWhere(int[] count, int value) {
        return java.util.stream.IntStream.range(0, count.length).filter(i -> count[i] == value).toArray();
    }

    /**
     * @param losses one loss vector per point
     * @return the ascending indices of the non-dominated points (the first front)
     */
    public static int[] front(double[][] losses) {
        int n = losses.length;
        boolean[] beaten = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n && !beaten[i]; j++) {
                beaten[i] = j != i && dominates(losses[j], losses[i]);
            }
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> !beaten[i]).toArray();
    }

    /**
     * NSGA-II's crowding distance of the points of one front: per objective, the points sorted by it; the two ends
     * get infinity, the others the gap between their neighbours divided by the objective's range; summed over the
     * objectives. A front of one or two points is all infinite.
     *
     * @param losses one loss vector per point
     * @param front indices of the front's points
     * @return each front point's distance, in the order of {@code front}
     */
    public static double[] crowdingDistance(double[][] losses, int[] front) {
        int n = front.length;
        double[] d = new double[n];
        if (n <= 2) {
            Arrays.fill(d, Double.POSITIVE_INFINITY);
            return d;
        }
        int m = losses[front[0]].length;
        for (int k = 0; k < m; k++) {
            final int obj = k;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> losses[front[i]][obj]));
            double lo = losses[front[order[0]]][k];
            double range = losses[front[order[n - 1]]][k] - lo;
            d[order[0]] = Double.POSITIVE_INFINITY;
            d[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (range <= 0) {
                continue;
            }
            for (int i = 1; i < n - 1; i++) {
                d[order[i]] += (losses[front[order[i + 1]]][k] - losses[front[order[i - 1]]][k]) / range;
            }
        }
        return d;
    }
}
