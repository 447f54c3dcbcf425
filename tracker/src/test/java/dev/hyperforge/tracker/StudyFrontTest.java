package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The front, its reference point and hypervolume against values worked out by hand. */
class StudyFrontTest {
    private static final List<Direction> MAX_MIN = List.of(Direction.MAXIMIZE, Direction.MINIMIZE);

    private static FrozenTrial run(int number, TrialState state, List<Double> values, String systemAttrs) {
        Instant t = Instant.EPOCH;
        return Run.of(100 + number, 1, number, state, values, Map.of(), new TreeMap<>(), Map.of(), Map.of(), null, t, t, t,
                null, systemAttrs).trial();
    }

    private static List<FrozenTrial> runs() {
        List<FrozenTrial> out = new ArrayList<>();
        out.add(run(0, TrialState.COMPLETE, List.of(0.9, 0.5), "{}"));
        out.add(run(1, TrialState.COMPLETE, List.of(0.8, 0.2), "{}"));
        out.add(run(2, TrialState.COMPLETE, List.of(0.6, 0.6), "{}"));
        out.add(run(3, TrialState.COMPLETE, List.of(0.7, 0.1), "{}"));
        out.add(run(4, TrialState.COMPLETE, List.of(1.0, 0.0), "{\"constraints\":[1.0, -2.0]}"));
        out.add(run(5, TrialState.FAILED, List.of(), "{}"));
        return out;
    }

    @Test
    void frontHoldsTheFeasibleNonDominatedRunsSortedByTheFirstObjective() {
        StudyFront f = StudyFront.of(MAX_MIN, runs());
        assertEquals(List.of(0, 1, 3), f.members().stream().map(FrozenTrial::number).toList());
        assertTrue(f.contains(101));
        assertFalse(f.contains(104), "infeasible runs never enter the front, however good");
        assertFalse(f.contains(102), "dominated by trial 0");
        assertEquals(5, f.complete());
    }

    @Test
    void hypervolumeUsesTheWorstCompleteValuesAsReference() {
        StudyFront f = StudyFront.of(MAX_MIN, runs());
        assertEquals(List.of(0.6, 0.6), f.reference());
        // boxes up to (0.6 max, 0.6 min): 0.3*0.1 + 0.2*0.3 + 0.1*0.1
        assertEquals(0.10, f.hypervolume(), 1e-12);
        List<Double> curve = f.hypervolumeOverTrials(runs());
        double[] expected = {0.03, 0.09, 0.09, 0.10, 0.10};
        assertEquals(expected.length, curve.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], curve.get(i), 1e-12, "after trial " + i);
        }
    }

    @Test
    void threeDimensionalVolumeMatchesInclusionExclusion() {
        double[][] points = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
        // three boxes of 2, pairwise and triple overlaps of 1: 6 - 3 + 1
        assertEquals(4.0, StudyFront.volume(points, new double[] {2, 2, 2}), 1e-12);
        assertEquals(6.0, StudyFront.volume(new double[][] {{0, 0, 0}}, new double[] {1, 2, 3}), 1e-12);
        assertEquals(0.0, StudyFront.volume(new double[][] {{1, 0, 0}}, new double[] {1, 2, 3}), 1e-12,
                "a point on the reference's boundary adds nothing");
    }

    @Test
    void aStudyWithoutCompleteRunsHasAnEmptyFront() {
        StudyFront f = StudyFront.of(MAX_MIN, List.of(run(0, TrialState.FAILED, List.of(), "{}")));
        assertEquals(List.of(), f.members());
        assertEquals(0.0, f.hypervolume());
        assertEquals(List.of(), f.hypervolumeOverTrials(List.of()));
    }
}
