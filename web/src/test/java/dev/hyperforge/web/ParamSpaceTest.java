package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.tracker.ParamValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Simplex parameters split into named components; the objective metric read from an experiment file. */
class ParamSpaceTest {
    private static final String SIMPLEX = "{\"type\":\"simplex\",\"components\":[\"age\",\"income\",\"gender\"],"
            + "\"total\":3.0,\"encoding\":\"json\"}";

    @Test
    void aSimplexStoredAsOneStringBecomesOneNumberPerNamedComponent() {
        ParamValue w = ParamValue.ofString("w", "[0.3077,1.663,1.029]", SIMPLEX);
        assertEquals(Map.of("w.age", 0.3077, "w.income", 1.663, "w.gender", 1.029), ParamSpace.values(w));
        Map<String, Map<String, Object>> d = ParamSpace.distributions(w);
        assertEquals(List.of("w.age", "w.income", "w.gender"), List.copyOf(d.keySet()));
        assertEquals(Map.of("type", "simplex", "of", "w", "component", "income", "low", 0.0, "high", 3.0), d.get("w.income"));
    }

    @Test
    void otherParametersKeepTheirValueAndStoredDistribution() {
        ParamValue batch = ParamValue.ofInt("batch", 16, "{\"type\":\"categorical\",\"choices\":[32,16,48]}");
        assertEquals(Map.of("batch", 16L), ParamSpace.values(batch));
        assertEquals(Map.of("type", "categorical", "choices", List.of(32, 16, 48)), ParamSpace.distributions(batch).get("batch"));
        assertEquals(Map.of("type", "float"), ParamSpace.distributions(ParamValue.ofFloat("x", 1, "{}")).get("x"));
        ParamValue broken = ParamValue.ofString("w", "not a list", SIMPLEX);
        assertEquals(Map.of("w", "not a list"), ParamSpace.values(broken));
    }

    @Test
    void theObjectiveMetricIsReadFromFlowBlockAndJsonFiles() {
        assertEquals(Optional.of("val_loss"), ObjectiveName.fromFile(
                "name: x\nsearch:\n  space: {}\n  objective: {metric: val_loss, direction: min}\n"));
        assertEquals(Optional.of("val_age_mae"), ObjectiveName.fromFile(
                "search:\n  objective:\n    direction: min\n    metric: val_age_mae\n"));
        assertEquals(Optional.of("accuracy"), ObjectiveName.fromFile("{\"search\": {\"objective\": {\"metric\": \"accuracy\"}}}"));
        assertEquals(Optional.empty(), ObjectiveName.fromFile("name: no-search\n"));
    }
}
