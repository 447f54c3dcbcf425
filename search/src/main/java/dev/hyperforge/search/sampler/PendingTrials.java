package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.GaussianProcess;
import dev.hyperforge.search.internal.TrustRegion;
import dev.hyperforge.search.space.SearchSpace;
import java.util.List;

/**
 * How the {@link GpSampler} accounts for trials that are running while it suggests another (several workers asking
 * at once). Their parameters are known, their losses are not; a study without running trials never gets here, so
 * its suggestions are what they would be without this class.
 * <ul>
 *   <li>The Kriging believer ({@link GpSampler#believe}) adds each running trial with its posterior mean as an
 *   observation, which collapses the variance there.</li>
 *   <li>{@link #believedBest}: the acquisition's reference is the smallest of the best loss and the believed losses
 *   of the running trials inside the region searched, as the believer's fantasy would have it. With the observed
 *   best alone, a running trial predicted better than the best keeps an expected improvement of (best - mean) at
 *   its own place, and the next worker is sent right next to it.</li>
 *   <li>{@link #narrow}: the trust region of a suggestion made while trials are running has {@link #SHRINK} times
 *   the side of the sequential one. The believer pushes the batch towards the region's edges, where the variance
 *   is largest; a smaller region keeps the workers near the incumbent, where the sequential search refines
 *   (search/BENCHMARK.md: Hartmann-6 with four workers).</li>
 *   <li>{@link #designComplete}: the Latin-hypercube start ends once its trials are asked, not told, so that the
 *   workers do not draw further design points while its last ones run; and with {@code m} trials running it gives
 *   way to the GP {@code m} trials earlier still (once half of it is told): a worker's trial is asked knowing
 *   {@code m} results fewer than the sequential study's, and the last design points, drawn without any result,
 *   would add to that lag (search/BENCHMARK.md, round 6: mlp6 with four workers).</li>
 * </ul>
 *
 * <pre>{@code
 * double best = PendingTrials.believedBest(gp, observedBest, space, context.pending(), region.box());
 * }</pre>
 */
final class PendingTrials {

    /** Factor by which the trust region's side shrinks while trials are running. */
    static final double SHRINK = 2.0;

    private PendingTrials() {
    }

    /**
     * @param completed completed trials
     * @param pending running trials with parameters
     * @param startup trials of the initial design
     * @return whether the GP suggests: at least one completed trial and the design asked in full, or, with trials
     *     running, at least half the design told and the design shortened by the running trials asked in full
     *     ({@code completed + 2 * pending >= startup}); without running trials, the design told in full
     */
    static boolean designComplete(int completed, int pending, int startup) {
        boolean asked = completed > 0 && completed + pending >= startup;
        boolean shortened = 2 * completed >= startup && completed + 2 * pending >= startup;
        return asked || shortened;
    }

    /**
     * @param gp the posterior with the running trials believed
     * @param best the best standardised loss observed (the acquisition's reference without running trials)
     * @param space the search space
     * @param pending running trials
     * @param box {lower, upper} bounds of the region searched, in the unit cube
     * @return the smaller of {@code best} and the posterior means at the running trials inside the box
     */
    static double believedBest(GaussianProcess gp, double best, SearchSpace space, List<FrozenTrial> pending,
                               double[][] box) {
        double out = best;
        double[] moments = new double[2];
        for (FrozenTrial t : pending) {
            if (inside(space.encode(t.params()), box)) {
                gp.predict(space.features(t.params()), moments);
                out = Math.min(out, moments[0]);
            }
        }
        return out;
    }

    /**
     * @param centre the trust region's centre (the incumbent), in the unit cube
     * @param side the sequential trust region's side
     * @return the region searched while trials are running: the same centre, {@link #SHRINK} times smaller
     */
    static double[][] narrow(double[] centre, double side) {
        return TrustRegion.box(centre, side / SHRINK);
    }

    private static boolean inside(double[] u, double[][] box) {
        for (int k = 0; k < u.length; k++) {
            if (u[k] < box[0][k] - 1e-12 || u[k] > box[1][k] + 1e-12) {
                return false;
            }
        }
        return true;
    }
}
