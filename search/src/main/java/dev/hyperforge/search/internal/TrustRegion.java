package dev.hyperforge.search.internal;

/**
 * A TuRBO-style trust region (Eriksson et al., 2019) whose size is replayed from the history of losses, so a
 * sampler that uses it stays a pure function of the recorded trials: starting at {@link #INITIAL}, the side
 * doubles (up to {@link #MAX}) after {@link #SUCCESSES} improvements in a row and halves after
 * {@code max(4, dimensions)} trials in a row without one; once it falls below {@link #MIN} the region restarts:
 * a fresh region of side {@link #INITIAL}, judged against its own best, from the next trial on
 * ({@link State#start()}). An improvement is a loss below the best so far by more than 1e-3 of its magnitude.
 *
 * <pre>{@code
 * double side = TrustRegion.side(new double[] {3, 2, 2.5, 1}, 2, 6);  // 0.8: too few trials to move
 * double[][] box = TrustRegion.box(incumbent, side);                  // {lower, upper} in the unit cube
 * TrustRegion.State s = TrustRegion.replay(losses, 12, 4);            // s.start() > 0 after a collapse
 * }</pre>
 */
public final class TrustRegion {

    /** Side length of a new region, in unit-cube coordinates (TuRBO's default). */
    public static final double INITIAL = 0.8;
    /** Largest side. */
    public static final double MAX = 1.6;
    /** Below this side the region restarts. */
    public static final double MIN = 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5 * 0.5;
    /** Improvements in a row that double the side. */
    public static final int SUCCESSES = 3;

    private TrustRegion() {
    }

    /**
     * The state of the region after some trials.
     *
     * @param side the side length for the next suggestion
     * @param start index of the first trial of the current region: 0 until the region has collapsed; after a
     *     collapse, the next trial (at {@code start}) starts a fresh region and the best of the trials from
     *     {@code start} on is its centre
     */
    public record State(double side, int start) {
    }

    /**
     * Replays the side length after the given losses.
     *
     * @param losses losses of the completed trials in trial order
     * @param startup how many leading trials only set the best (the initial design)
     * @param dimensions unit-cube dimensions of the space (the failure tolerance is {@code max(4, dimensions)})
     * @return the side length for the next suggestion
     */
    public static double side(double[] losses, int startup, int dimensions) {
        return replay(losses, startup, dimensions).side();
    }

    /**
     * Replays the region after the given losses: its side, and where the current region started. Improvements
     * are counted against the best loss of the current region, so that a fresh region is judged on its own.
     *
     * @param losses losses of the completed trials in trial order
     * @param startup how many leading trials only set the best (the initial design)
     * @param dimensions unit-cube dimensions of the space (the failure tolerance is {@code max(4, dimensions)})
     * @return the state for the next suggestion
     */
    public static State replay(double[] losses, int startup, int dimensions) {
        int failureTolerance = Math.max(4, dimensions);
        double best = Double.POSITIVE_INFINITY;
        double side = INITIAL;
        int successes = 0;
        int failures = 0;
        int start = 0;
        for (int i = 0; i < losses.length; i++) {
            double y = losses[i];
            boolean improved = y < best - 1e-3 * Math.abs(best);
            best = Math.min(best, y);
            if (i < startup || i == start && start > 0) {
                continue;
            }
            successes = improved ? successes + 1 : 0;
            failures = improved ? 0 : failures + 1;
            if (successes == SUCCESSES) {
                side = Math.min(MAX, 2 * side);
                successes = 0;
            } else if (failures == failureTolerance) {
                side /= 2;
                failures = 0;
            }
            if (side < MIN) {
                side = INITIAL;
                start = i + 1;
                best = Double.POSITIVE_INFINITY;
            }
        }
        return new State(side, start);
    }

    /**
     * The region around a centre: a cube of the given side, clipped to the unit cube.
     *
     * @param centre a point of the unit cube
     * @param side the side length
     * @return {lower bounds, upper bounds}
     */
    public static double[][] box(double[] centre, double side) {
        int d = centre.length;
        double[][] box = new double[2][d];
        for (int k = 0; k < d; k++) {
            box[0][k] = Math.max(0.0, centre[k] - side / 2);
            box[1][k] = Math.min(1.0, centre[k] + side / 2);
        }
        return box;
    }
}
