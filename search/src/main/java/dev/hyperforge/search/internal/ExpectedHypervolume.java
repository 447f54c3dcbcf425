package dev.hyperforge.search.internal;

import dev.hyperforge.search.pareto.Hypervolume;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Expected hypervolume improvement over independent GP posteriors, one per objective, by Monte Carlo with fixed
 * base samples: every candidate is scored with the same standard-normal draws (common random numbers), so the
 * acquisition is a deterministic, piecewise smooth function that a local optimiser can follow, and a suggestion is a
 * pure function of its seed. The GPs model standardised losses; {@code shift + scale * f} turns a draw back into the
 * normalised losses in which the front and the reference point are given. Optionally multiplied by a probability of
 * feasibility.
 *
 * <pre>{@code
 * ExpectedHypervolume ehvi = new ExpectedHypervolume(gps, shift, scale, front, new double[] {1.1, 1.1}, z);
 * new AcquisitionOptimizer(space, ehvi).maximize(incumbents, rng, 512, 4);
 * }</pre>
 */
public final class ExpectedHypervolume implements AcquisitionOptimizer.Surface {

    private final GaussianProcess[] gps;
    private final double[] shift;
    private final double[] scale;
    private final double[][] front;
    private final double[] reference;
    private final double[][] z;
    private final Feasibility feasibility;
    /** Three objectives: the front's third losses ascending, and per slab above each the 2-D front, by first loss. */
    private final double[] slabFloor;
    private final double[][][] slabFront;

    /** Probability that candidates are feasible (1 without constraints). */
    @FunctionalInterface
    public interface Feasibility {
        /**
         * @param features one feature vector per candidate
         * @param out filled with each candidate's probability of feasibility
         */
        void probability(double[][] features, double[] out);
    }

    /**
     * @param gps one posterior per objective, of standardised losses
     * @param shift per objective, the mean that was subtracted
     * @param scale per objective, the standard deviation that was divided by
     * @param front the current non-dominated (feasible) normalised losses
     * @param reference the reference point in normalised losses
     * @param z base samples, one row of standard-normal draws (one per objective) per sample
     * @param feasibility probability of feasibility, or null for none
     */
    public ExpectedHypervolume(GaussianProcess[] gps, double[] shift, double[] scale, double[][] front,
                               double[] reference, double[][] z, Feasibility feasibility) {
        this.gps = gps.clone();
        this.shift = shift.clone();
        this.scale = scale.clone();
        this.front = front.clone();
        Arrays.sort(this.front, Comparator.comparingDouble(p -> p[0]));
        this.reference = reference.clone();
        this.z = z;
        this.feasibility = feasibility;
        if (reference.length == 3) {
            double[][] byZ = front.clone();
            Arrays.sort(byZ, Comparator.comparingDouble(p -> p[2]));
            slabFloor = new double[byZ.length];
            slabFront = new double[byZ.length][][];
            java.util.List<double[]> projected = new java.util.ArrayList<>();
            for (int i = 0; i < byZ.length; i++) {
                slabFloor[i] = byZ[i][2];
                double[] q = {byZ[i][0], byZ[i][1]};
                if (projected.stream().noneMatch(o -> o[0] <= q[0] && o[1] <= q[1])) {
                    projected.removeIf(o -> q[0] <= o[0] && q[1] <= o[1]);
                    projected.add(q);
                }
                slabFront[i] = projected.stream().sorted(Comparator.comparingDouble(o -> o[0]))
                        .toArray(double[][]::new);
            }
        } else {
            slabFloor = null;
            slabFront = null;
        }
    }

    /** Hypervolume improvement of a point over three objectives, slab by slab along the third. */
    double improvement3d(double[] y) {
        if (!(y[0] < reference[0] && y[1] < reference[1] && y[2] < reference[2])) {
            return 0.0;
        }
        for (double[] q : front) {
            if (q[0] <= y[0] && q[1] <= y[1] && q[2] <= y[2]) {
                return 0.0;
            }
        }
        double total = 0;
        int p = slabFloor.length;
        double below = p == 0 ? reference[2] : Math.min(slabFloor[0], reference[2]);
        if (y[2] < below) {
            total += (below - y[2]) * (reference[0] - y[0]) * (reference[1] - y[1]);
        }
        for (int i = 0; i < p; i++) {
            double top = i + 1 < p ? slabFloor[i + 1] : reference[2];
            double bottom = Math.max(slabFloor[i], y[2]);
            if (top > bottom) {
                total += (top - bottom) * Hypervolume.improvement2d(y[0], y[1], slabFront[i], reference);
            }
        }
        return total;
    }

    @Override
    public void score(double[][] features, double[] out) {
        int c = features.length;
        int m = gps.length;
        double[][] mu = new double[m][c];
        double[][] sd = new double[m][c];
        for (int k = 0; k < m; k++) {
            gps[k].predict(features, mu[k], sd[k]);
            for (int j = 0; j < c; j++) {
                sd[k][j] = Math.sqrt(sd[k][j]);
            }
        }
        double[] y = new double[m];
        for (int j = 0; j < c; j++) {
            double sum = 0;
            for (double[] draw : z) {
                for (int k = 0; k < m; k++) {
                    y[k] = shift[k] + scale[k] * (mu[k][j] + sd[k][j] * draw[k]);
                }
                sum += m == 2 ? Hypervolume.improvement2d(y[0], y[1], front, reference)
                        : m == 3 ? improvement3d(y) : Hypervolume.improvement(y, front, reference);
            }
            out[j] = sum / z.length;
        }
        if (feasibility != null) {
            double[] p = new double[c];
            feasibility.probability(features, p);
            for (int j = 0; j < c; j++) {
                out[j] *= p[j];
            }
        }
    }
}
