package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.TableRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The columns' value keys and appends. */
class RunColumnsTest {
    @Test
    void keysOrderAsTheDatabaseComparesDoubles() {
        double[] ascending = {Double.NEGATIVE_INFINITY, -1e300, -1.0, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 0.5,
            1.0, 1e300, Double.POSITIVE_INFINITY, Double.NaN};
        for (int i = 0; i + 1 < ascending.length; i++) {
            assertTrue(RunColumns.encode(ascending[i]) < RunColumns.encode(ascending[i + 1]), ascending[i] + " < next");
            assertTrue(RunColumns.encode(ascending[i + 1]) < RunColumns.NULL, "every value below the missing one");
            assertEquals(Double.doubleToLongBits(ascending[i]),
                    Double.doubleToLongBits(RunColumns.decode(RunColumns.encode(ascending[i]))));
        }
        assertEquals(RunColumns.encode(0.0), RunColumns.encode(-0.0), "-0.0 is 0.0, as stored");
        assertEquals(RunColumns.NAN, RunColumns.encode(Double.longBitsToDouble(0x7ff0_0000_0000_0001L)), "one NaN");
        assertEquals(RunColumns.NULL, RunColumns.encode(null));
    }

    @Test
    void anAbandonedAppendLeavesNothingForTheNextOne() {
        RunColumns four = RunColumns.EMPTY.append(List.of(row(1, 0, Map.of("acc", 0.5)), row(2, 1, Map.of()),
                row(3, 2, Map.of()), row(4, 3, Map.of())));
        RunColumns base = four.append(List.of(row(5, 4, Map.of())));   // room for a sixth row in its arrays
        RunColumns abandoned = base.append(List.of(row(6, 5, Map.of("acc", 0.9))));
        assertEquals(0.9, RunColumns.decode(abandoned.column("m:acc")[5]));
        RunColumns next = base.append(List.of(row(7, 5, Map.of())));
        assertEquals(7L, next.id(5));
        assertEquals(RunColumns.NULL, next.column("m:acc")[5], "not the abandoned append's 0.9");
        assertEquals(0.5, RunColumns.decode(next.column("m:acc")[0]));
        assertEquals(5, base.size(), "an append leaves its base as it was");
        assertTrue(next.has(7L));
    }

    private static TableRow row(long id, int number, Map<String, Double> metrics) {
        return new TableRow(id, number, TrialState.COMPLETE, 0.1 * number, 1000L + number, 2000L + number,
                Map.of("lr", ParamValue.ofFloat("lr", 0.01, "{}")), metrics);
    }
}
