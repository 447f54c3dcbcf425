package dev.hyperforge.search.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoTest {

    @Test
    void nonDominatedSortingFindsTheFrontsInOrder() {
        double[][] losses = {{1, 4}, {2, 2}, {3, 3}, {4, 1}, {4, 4}, {2, 2}, {5, 5}};
        List<int[]> fronts = Pareto.sort(losses);
        assertEquals(4, fronts.size());
        assertArrayEquals(new int[] {0, 1, 3, 5}, fronts.get(0)); // equal points do not dominate each other
        assertArrayEquals(new int[] {2}, fronts.get(1));
        assertArrayEquals(new int[] {4}, fronts.get(2));
        assertArrayEquals(new int[] {6}, fronts.get(3));
        assertArrayEquals(new int[] {0, 1, 3, 5}, Pareto.front(losses));
    }

    @Test
    void crowdingDistanceByHand() {
        // front sorted by f1: (0,4) (1,2) (3,1) (4,0); ranges 4 and 4
        double[][] losses = {{1, 2}, {4, 0}, {0, 4}, {3, 1}};
        double[] d = Pareto.crowdingDistance(losses, new int[] {0, 1, 2, 3});
        assertEquals(Double.POSITIVE_INFINITY, d[1]);
        assertEquals(Double.POSITIVE_INFINITY, d[2]);
        assertEquals((3 - 0) / 4.0 + (4 - 1) / 4.0, d[0], 1e-12);   // neighbours (0,4) and (3,1)
        assertEquals((4 - 1) / 4.0 + (2 - 0) / 4.0, d[3], 1e-12);   // neighbours (1,2) and (4,0)
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                Pareto.crowdingDistance(losses, new int[] {0, 3}));
    }

    @Test
    void constrainedDominationFollowsDebsRules() {
        double[] good = {1, 1};
        double[] bad = {5, 5};
        assertTrue(Pareto.constrainedDominates(bad, 0, good, 0.5));     // feasible beats infeasible
        assertTrue(Pareto.constrainedDominates(good, 0.2, bad, 0.5));   // smaller violation wins
        assertFalse(Pareto.constrainedDominates(bad, 0.2, good, 0.2));  // equal violations: neither
        assertTrue(Pareto.constrainedDominates(good, 0, bad, 0));       // both feasible: dominance
        List<int[]> fronts = Pareto.sort(new double[][] {{0, 0}, {3, 3}, {1, 1}}, new double[] {2, 0, 0.5});
        assertArrayEquals(new int[] {1}, fronts.get(0));
        assertArrayEquals(new int[] {2}, fronts.get(1));
        assertArrayEquals(new int[] {0}, fronts.get(2));
    }
}
