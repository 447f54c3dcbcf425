package dev.hyperforge.search.pruner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrunerTest {

    static FrozenTrial trial(int number, TrialState state, double... values) {
        Map<Integer, Double> iv = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            iv.put(i, values[i]);
        }
        Double value = state == TrialState.COMPLETE ? values[values.length - 1] : null;
        return new FrozenTrial(number + 100, 1, number, state, Map.of(), FrozenTrial.valuesOf(value), iv, null, null, null, Map.of(),
                Map.of(), null);
    }

    @Test
    void medianPrunesExactlyTheTrialsWorseThanTheMedian() {
        List<FrozenTrial> done = List.of(trial(0, TrialState.COMPLETE, 5, 4, 3),
                trial(1, TrialState.COMPLETE, 6, 5, 4), trial(2, TrialState.COMPLETE, 7, 6, 5));
        MedianPruner pruner = new MedianPruner(3, 0, 1);
        assertTrue(pruner.shouldPrune(trial(3, TrialState.RUNNING, 6.5), done, Direction.MINIMIZE));
        assertFalse(pruner.shouldPrune(trial(4, TrialState.RUNNING, 6.0), done, Direction.MINIMIZE)); // = median
        assertFalse(pruner.shouldPrune(trial(5, TrialState.RUNNING, 5.5), done, Direction.MINIMIZE));
        // best-so-far counts: 4.0 at step 0 is better than the median 5 at step 1
        assertFalse(pruner.shouldPrune(trial(6, TrialState.RUNNING, 4.0, 9.0), done, Direction.MINIMIZE));
        // maximising flips it
        assertFalse(pruner.shouldPrune(trial(7, TrialState.RUNNING, 6.5), done, Direction.MAXIMIZE));
        assertTrue(pruner.shouldPrune(trial(8, TrialState.RUNNING, 5.5), done, Direction.MAXIMIZE));
        // startup and warm-up
        assertFalse(new MedianPruner(4, 0, 1).shouldPrune(trial(3, TrialState.RUNNING, 99), done,
                Direction.MINIMIZE));
        assertFalse(new MedianPruner(0, 1, 1).shouldPrune(trial(3, TrialState.RUNNING, 99), done,
                Direction.MINIMIZE));
        assertTrue(new MedianPruner(0, 1, 1).shouldPrune(trial(3, TrialState.RUNNING, 99, 99), done,
                Direction.MINIMIZE));
    }

    @Test
    void medianChecksOnlyEveryIntervalStepsAfterWarmUpAndAveragesAnEvenCount() {
        List<FrozenTrial> done = List.of(trial(0, TrialState.COMPLETE, 1, 1, 1, 1, 1, 1),
                trial(1, TrialState.COMPLETE, 3, 3, 3, 3, 3, 3));
        // median of 1 and 3 is 2: 2.5 is worse, 1.5 is not
        MedianPruner every = new MedianPruner(0, 0, 1);
        assertTrue(every.shouldPrune(trial(2, TrialState.RUNNING, 2.5), done, Direction.MINIMIZE));
        assertFalse(every.shouldPrune(trial(3, TrialState.RUNNING, 1.5), done, Direction.MINIMIZE));
        // warm-up 1, interval 2: checked at steps 1, 3, 5 only
        MedianPruner sparse = new MedianPruner(0, 1, 2);
        for (int lastStep = 0; lastStep < 6; lastStep++) {
            double[] bad = new double[lastStep + 1];
            java.util.Arrays.fill(bad, 9.0);
            assertEquals(lastStep % 2 == 1, sparse.shouldPrune(trial(4, TrialState.RUNNING, bad), done,
                    Direction.MINIMIZE), "last step " + lastStep);
        }
    }

    @Test
    void successiveHalvingKeepsTheTopThirdAtEachRung() {
        // rungs at steps 1, 3, 9 (minResource 1, factor 3)
        SuccessiveHalvingPruner asha = new SuccessiveHalvingPruner(1, 3, 0);
        List<FrozenTrial> trials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            trials.add(trial(i, TrialState.COMPLETE, 10, 10 + i, 10 + i, 10 + i));
        }
        // 6 trials at rung 1 -> keep 2: values 10, 11 -> a value of 11 is promoted, 11.5 is not
        assertFalse(asha.shouldPrune(trial(10, TrialState.RUNNING, 0, 11), trials, Direction.MINIMIZE));
        assertTrue(asha.shouldPrune(trial(11, TrialState.RUNNING, 0, 11.5), trials, Direction.MINIMIZE));
        // between rungs nothing is decided; step 0 is before the first rung
        assertFalse(asha.shouldPrune(trial(12, TrialState.RUNNING, 99), trials, Direction.MINIMIZE));
        assertFalse(asha.shouldPrune(trial(13, TrialState.RUNNING, 0, 10, 99), trials, Direction.MINIMIZE));
        // at rung 3 the value at step 3 competes
        assertTrue(asha.shouldPrune(trial(14, TrialState.RUNNING, 0, 10, 10, 12), trials, Direction.MINIMIZE));
        assertFalse(asha.shouldPrune(trial(15, TrialState.RUNNING, 0, 10, 10, 10.5), trials,
                Direction.MINIMIZE));
        // a lone trial is always promoted
        assertFalse(asha.shouldPrune(trial(16, TrialState.RUNNING, 0, 1e9), List.of(), Direction.MINIMIZE));
    }

    @Test
    void hyperbandSplitsTrialsIntoBracketsThatCompeteSeparately() {
        HyperbandPruner hb = new HyperbandPruner(1, 9, 3);
        assertEquals(3, hb.brackets());
        List<FrozenTrial> trials = new ArrayList<>();
        // bracket 0 (numbers 0, 3, 6): good values at rung 1
        trials.add(trial(0, TrialState.COMPLETE, 0, 1, 1));
        trials.add(trial(3, TrialState.COMPLETE, 0, 1, 1));
        trials.add(trial(6, TrialState.COMPLETE, 0, 1, 1));
        // bracket 1 (numbers 1, 4): bad values, its first rung is at step 3
        trials.add(trial(1, TrialState.COMPLETE, 0, 50, 50, 50));
        trials.add(trial(4, TrialState.COMPLETE, 0, 50, 50, 50));
        assertTrue(hb.shouldPrune(trial(9, TrialState.RUNNING, 0, 5), trials, Direction.MINIMIZE));
        // number 7 is in bracket 1: not checked at step 1, and at step 3 it beats its bracket
        assertFalse(hb.shouldPrune(trial(7, TrialState.RUNNING, 0, 5), trials, Direction.MINIMIZE));
        assertFalse(hb.shouldPrune(trial(7, TrialState.RUNNING, 0, 5, 5, 5), trials, Direction.MINIMIZE));
        assertTrue(hb.shouldPrune(trial(10, TrialState.RUNNING, 0, 5, 5, 60), trials, Direction.MINIMIZE));
        assertFalse(new NopPruner().shouldPrune(trial(9, TrialState.RUNNING, 1e9), trials, Direction.MINIMIZE));
    }
}
