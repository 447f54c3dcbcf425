package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.Direction;
import dev.hyperforge.search.storage.StudySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    @Test
    void paramValuesCarryExactlyTheirTypedValue() {
        assertEquals(3L, ParamValue.ofInt("u", 3, "{}").value());
        assertEquals(3.0, ParamValue.ofInt("u", 3, "{}").numericValue());
        assertEquals(null, ParamValue.ofString("a", "relu", "{}").numericValue());
        assertThrows(IllegalArgumentException.class, () -> new ParamValue("x", ParamType.FLOAT, null, 1L, null, "{}"));
        assertThrows(IllegalArgumentException.class, () -> ParamValue.ofFloat("x", Double.NaN, "{}"));
        assertThrows(IllegalArgumentException.class, () -> ParamValue.ofFloat(" ", 1, "{}"));
        assertThrows(IllegalArgumentException.class, () -> ParamValue.ofFloat("x", 1, "{broken"));
        assertThrows(IllegalArgumentException.class, () -> ParamValue.ofString("x", "v".repeat(1001), "{}"));
    }

    @Test
    void aDistributionIsCheckedEveryTimeItIsInvalidAndAcceptedAgainOnceValid() {
        String valid = "{\"type\":\"float\",\"low\":0.5,\"high\":0.75}";
        for (int i = 0; i < 3; i++) {
            assertEquals(valid, ParamValue.ofFloat("x" + i, 0.6, valid).distributionJson());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ParamValue.ofFloat("y", 0.6, valid.substring(0, 9)));
            assertEquals(true, e.getMessage().startsWith("distribution of parameter 'y' must be valid JSON"), e.getMessage());
        }
        for (int i = 0; i < 3000; i++) { // more texts than are remembered: still each checked
            ParamValue.ofInt("n", i, "{\"low\":" + i + "}");
            if (i % 500 == 0) {
                int at = i;
                assertThrows(IllegalArgumentException.class, () -> ParamValue.ofInt("n", at, "{\"low\":" + at));
            }
        }
    }

    @Test
    void metricPointsKeepMillisecondsAndRejectNegativeSteps() {
        Instant t = Instant.parse("2024-01-01T00:00:00.123456789Z");
        assertEquals(Instant.parse("2024-01-01T00:00:00.123Z"), new MetricPoint("loss", 0, 1, t).time());
        assertThrows(IllegalArgumentException.class, () -> new MetricPoint("loss", -1, 1, t));
        assertThrows(IllegalArgumentException.class, () -> new MetricPoint("", 0, 1, t));
    }

    @Test
    void floatArraysRoundTripWithTheirShape() {
        float[] v = {1f, -2.5f, Float.NaN, 3e-7f, 0f, 9f};
        FloatArrays.Decoded d = FloatArrays.decode(FloatArrays.encode(v, 3, 2));
        assertArrayEquals(v, d.values());
        assertArrayEquals(new int[] {3, 2}, d.shape());
        assertEquals(8 + 8 + 24, FloatArrays.encode(v, 3, 2).length);
        assertArrayEquals(new int[] {6}, FloatArrays.decode(FloatArrays.encode(v)).shape());
        assertThrows(IllegalArgumentException.class, () -> FloatArrays.encode(v, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> FloatArrays.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
    }

    @Test
    void queriesValidateTheirPageSortAndRanges() {
        assertThrows(IllegalArgumentException.class, () -> RunQuery.forStudy(1).page(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> RunQuery.forStudy(1).page(0, 0));
        assertThrows(IllegalArgumentException.class, () -> RunQuery.forStudy(1).paramRange("lr", 2.0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new RunQuery.Sort(RunQuery.SortField.PARAM, null, false));
        RunQuery q = RunQuery.forStudy(1).states(TrialState.COMPLETE).tag("k", "v").sortByMetric("m", true).page(5, 7).build();
        RunQuery next = q.withPage(12, 7);
        assertEquals(q.states(), next.states());
        assertEquals(q.tags(), next.tags());
        assertEquals(q.sort(), next.sort());
        assertEquals(12, next.offset());
        assertEquals(TrialState.values().length, RunQuery.forStudy(1).build().states().size());
    }

    @Test
    void studySpecsRequireAJsonObjectOfSettings() {
        assertThrows(IllegalArgumentException.class, () -> new StudySpec("s", Direction.MINIMIZE, "gp", "[]", 1));
        assertThrows(IllegalArgumentException.class, () -> new StudySpec("", Direction.MINIMIZE, "gp", "{}", 1));
    }
}
