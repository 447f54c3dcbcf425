package dev.hyperforge.tracker;

import dev.hyperforge.search.Constraints;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.pareto.Hypervolume;
import dev.hyperforge.search.pareto.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The Pareto front of a multi-objective study as the command line and the dashboard show it: the COMPLETE, feasible
 * runs (constraint values all at most 0, see {@link Constraints}) that no other such run dominates, sorted by the
 * first objective (best first), and the front's hypervolume.
 *
 * <p>Reference point of the hypervolume: the worst value of each objective among the study's COMPLETE runs, so the
 * figure needs no user input and grows as the front improves; a front member that is worst in some objective adds
 * nothing along it. The hypervolume is measured in the objectives' own units (losses: maximised values negated).
 *
 * <pre>{@code
 * StudyFront f = StudyFront.of(study.directions(), store.getTrials(study.id()));
 * f.members().forEach(r -> System.out.println(r.number() + " " + r.values()));
 * System.out.println(f.hypervolume());
 * }</pre>
 *
 * @param directions one per objective
 * @param members the front's trials (a trial's id is its run id), by the first objective, best first
 * @param reference the reference point as values (the worst value per objective), or empty without complete runs
 * @param hypervolume the volume the front dominates up to the reference point (0 without complete runs)
 * @param complete how many COMPLETE runs with a full vector of values the study has
 */
public record StudyFront(List<Direction> directions, List<FrozenTrial> members, List<Double> reference, double hypervolume,
                         int complete) {

    /** Copies the lists. */
    public StudyFront {
        directions = List.copyOf(directions);
        members = List.copyOf(members);
        reference = List.copyOf(reference);
    }

    /**
     * @param directions the study's directions
     * @param runs its trials (any states: only COMPLETE ones with one value per objective count)
     * @return the front
     */
    public static StudyFront of(List<Direction> directions, List<FrozenTrial> runs) {
        Objects.requireNonNull(directions, "directions");
        List<FrozenTrial> complete = runs.stream().filter(r -> r.state() == TrialState.COMPLETE
                && r.values().size() == directions.size()).toList();
        if (complete.isEmpty()) {
            return new StudyFront(directions, List.of(), List.of(), 0, 0);
        }
        double[] ref = worst(directions, complete);
        List<FrozenTrial> feasible = complete.stream().filter(r -> Constraints.feasible(r)).toList();
        double[][] losses = losses(directions, feasible);
        List<FrozenTrial> members = new ArrayList<>();
        for (int i : Pareto.front(losses)) {
            members.add(feasible.get(i));
        }
        Direction first = directions.get(0);
        members.sort(Comparator.<FrozenTrial>comparingDouble(r -> first.toLoss(r.values().get(0))).thenComparingInt(FrozenTrial::number));
        List<Double> refValues = new ArrayList<>();
        for (int k = 0; k < ref.length; k++) {
            refValues.add(directions.get(k) == Direction.MAXIMIZE ? -ref[k] : ref[k]);
        }
        return new StudyFront(directions, members, refValues, volume(losses(directions, members), ref), complete.size());
    }

    /**
     * The hypervolume of the front after each COMPLETE run, in trial-number order, with this front's reference point
     * (so the curve never falls).
     *
     * @param runs the study's runs
     * @return one figure per COMPLETE run with a full vector, by trial number
     */
    public List<Double> hypervolumeOverTrials(List<FrozenTrial> runs) {
        if (reference.isEmpty()) {
            return List.of();
        }
        double[] ref = new double[reference.size()];
        for (int k = 0; k < ref.length; k++) {
            ref[k] = directions.get(k).toLoss(reference.get(k));
        }
        List<FrozenTrial> sorted = runs.stream().filter(r -> r.state() == TrialState.COMPLETE && r.values().size() == directions.size())
                .sorted(Comparator.comparingInt(FrozenTrial::number)).toList();
        List<Double> out = new ArrayList<>();
        List<FrozenTrial> seen = new ArrayList<>();
        for (FrozenTrial r : sorted) {
            if (Constraints.feasible(r)) {
                seen.add(r);
            }
            out.add(volume(losses(directions, seen), ref));
        }
        return out;
    }

    /** @return whether a run is on the front */
    public boolean contains(long runId) {
        return members.stream().anyMatch(r -> r.id() == runId);
    }

    private static double[] worst(List<Direction> directions, List<FrozenTrial> runs) {
        double[] ref = new double[directions.size()];
        java.util.Arrays.fill(ref, Double.NEGATIVE_INFINITY);
        for (double[] l : losses(directions, runs)) {
            for (int k = 0; k < l.length; k++) {
                ref[k] = Math.max(ref[k], l[k]);
            }
        }
        return ref;
    }

    private static double[][] losses(List<Direction> directions, List<FrozenTrial> runs) {
        double[][] out = new double[runs.size()][directions.size()];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < directions.size(); k++) {
                out[i][k] = directions.get(k).toLoss(runs.get(i).values().get(k));
            }
        }
        return out;
    }

    /** The volume that points (losses) dominate below the reference point ({@link Hypervolume}). */
    static double volume(double[][] points, double[] ref) {
        return Hypervolume.of(points, ref);
    }
}
