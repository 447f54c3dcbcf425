package dev.hyperforge.search.sampler;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.internal.TrustRegion;
import dev.hyperforge.search.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Where the {@link GpSampler} maximises its acquisition, chosen from the recorded history alone so replays stay
 * exact.
 * <ul>
 *   <li>In a space with parameters conditional on a categorical choice, the completed trials fall into branches
 *   (the set of such parameters that were active). Every {@link #BRANCH_PERIOD}-th trial searches a branch other than the incumbent's, in
 *   turn: the parameters that decide the branch are held at that branch's values, the acquisition's reference is
 *   the branch's own best loss and a trust region surrounds the branch's best point. Without this turn, a GP
 *   fitted mostly on one branch becomes confident about the others after a few poor samples and never goes
 *   back to them.</li>
 *   <li>Otherwise, with at least {@code trustRegionDimensions} unit-cube coordinates, a TuRBO-style
 *   {@link TrustRegion} around the incumbent: in many dimensions the posterior variance is largest at the corners
 *   of the cube, and an unrestricted acquisition spends its trials there. Once the region has collapsed, the
 *   next trial searches the whole cube (the GP keeps every trial), and a fresh region surrounds the best trial
 *   from that one on, with that trial's loss as the acquisition's reference: without the restart elsewhere, a
 *   region that shrank around a local minimum (Rosenbrock-4's near (-0.78, 0.61, 0.38, 0.15)) started again
 *   around the same point.</li>
 *   <li>Otherwise the whole unit cube.</li>
 * </ul>
 *
 * <pre>{@code
 * SearchRegion r = SearchRegion.choose(space, completed, loss, trialNumber, startup, 4, true);
 * double[] u = optimizer.maximize(r.incumbents(), rng, 512, 4, r.box());
 * }</pre>
 *
 * @param box {lower, upper} bounds in the unit cube
 * @param incumbents unit points of up to five best trials of the region (its branch, or its trust region since the
 *     last restart), best first
 * @param bestIndex index (into the completed trials) of the loss the acquisition improves on
 * @param exclusionRadius in a branch's turn, no point nearer than this to an evaluated one (0 otherwise)
 * @param trustSide the side of the incumbent's trust region when the box is that region; 0 for the whole cube
 *     (no region, or the one global trial after a collapse) and for a branch's turn
 */
record SearchRegion(double[][] box, List<double[]> incumbents, int bestIndex, double exclusionRadius, double trustSide) {

    /** One trial in this many (by trial number) searches another branch of a conditional space. */
    static final int BRANCH_PERIOD = 3;

    /** In a branch's turn, no point nearer than this fraction of the region's side to an evaluated one. */
    static final double EXCLUSION = 0.1;

    /**
     * @param space the search space
     * @param completed completed trials in trial order
     * @param loss their losses
     * @param trialNumber the number of the trial being suggested
     * @param startup trials of the initial design
     * @param trustRegionDimensions unit-cube dimensions from which the incumbent's trust region is used
     * @param branchTurns whether other branches of a conditional space get their turns
     * @return the region
     */
    static SearchRegion choose(SearchSpace space, List<FrozenTrial> completed, double[] loss, int trialNumber,
                               int startup, int trustRegionDimensions, boolean branchTurns) {
        int d = space.unitDimension();
        Map<Set<String>, List<Integer>> branches = new LinkedHashMap<>();
        for (int i = 0; i < completed.size(); i++) {
            branches.computeIfAbsent(branch(space, completed.get(i)), k -> new ArrayList<>()).add(i);
        }
        List<Integer> all = IntStream.range(0, completed.size()).boxed().toList();
        List<Integer> ranked = byLoss(all, loss);
        if (branchTurns && branches.size() > 1 && trialNumber % BRANCH_PERIOD == BRANCH_PERIOD - 1) {
            Set<String> home = branch(space, completed.get(ranked.get(0)));
            List<List<Integer>> others = branches.entrySet().stream().filter(e -> !e.getKey().equals(home))
                    .map(Map.Entry::getValue).toList();
            List<Integer> members = byLoss(others.get((trialNumber / BRANCH_PERIOD) % others.size()), loss);
            double[] branchLoss = members.stream().sorted().mapToDouble(i -> loss[i]).toArray();
            double[] centre = space.encode(completed.get(members.get(0)).params());
            double side = TrustRegion.side(branchLoss, 0, d);
            double[][] box = TrustRegion.box(centre, side);
            holdBranch(space, centre, box);
            return new SearchRegion(box, points(space, completed, members), members.get(0), EXCLUSION * side, 0.0);
        }
        double[][] cube = {new double[d], filled(d, 1.0)};
        if (d < trustRegionDimensions) {
            return new SearchRegion(cube, points(space, completed, ranked), ranked.get(0), 0.0, 0.0);
        }
        TrustRegion.State state = TrustRegion.replay(loss, startup, d);
        if (state.start() == completed.size()) {
            return new SearchRegion(cube, points(space, completed, ranked), ranked.get(0), 0.0, 0.0);
        }
        List<Integer> members = state.start() == 0 ? ranked
                : byLoss(IntStream.range(state.start(), completed.size()).boxed().toList(), loss);
        List<double[]> incumbents = points(space, completed, members);
        return new SearchRegion(TrustRegion.box(incumbents.get(0), state.side()), incumbents, members.get(0), 0.0,
                state.side());
    }

    /**
     * The branch of a trial: its active parameters whose condition is on a categorical parent. A numeric parent
     * (e.g. "units_3 exists from 3 layers") is an ordered feature of the GP, which relates the two sides itself.
     */
    private static Set<String> branch(SearchSpace space, FrozenTrial trial) {
        Set<String> out = new java.util.TreeSet<>();
        for (String name : trial.params().keySet()) {
            SearchSpace.Parameter p = space.parameter(name);
            if (p.condition() != null && space.parameter(p.condition().parent()).distribution()
                    instanceof dev.hyperforge.search.space.CategoricalDistribution) {
                out.add(name);
            }
        }
        return out;
    }

    /** Holds the coordinates of every parameter some condition depends on at the centre's values. */
    private static void holdBranch(SearchSpace space, double[] centre, double[][] box) {
        for (SearchSpace.Parameter p : space.parameters()) {
            if (p.condition() == null || !(space.parameter(p.condition().parent()).distribution()
                    instanceof dev.hyperforge.search.space.CategoricalDistribution)) {
                continue;
            }
            SearchSpace.Parameter parent = space.parameter(p.condition().parent());
            for (int k = 0; k < parent.distribution().unitDimension(); k++) {
                int o = parent.unitOffset() + k;
                box[0][o] = centre[o];
                box[1][o] = centre[o];
            }
        }
    }

    private static double[] filled(int d, double value) {
        double[] a = new double[d];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static List<Integer> byLoss(List<Integer> indices, double[] loss) {
        return indices.stream().sorted(Comparator.comparingDouble((Integer i) -> loss[i]).thenComparing(i -> i))
                .toList();
    }

    private static List<double[]> points(SearchSpace space, List<FrozenTrial> completed, List<Integer> ranked) {
        return ranked.stream().limit(5).map(i -> space.encode(completed.get(i).params())).toList();
    }
}
