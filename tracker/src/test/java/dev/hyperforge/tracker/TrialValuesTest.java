package dev.hyperforge.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Search values become typed tracker parameters with their distribution, and come back unchanged. */
class TrialValuesTest {
    @Test
    void valuesRoundTripWithTheirDistributionsIncludingJsonEncodedWeights() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lr", 0.003);
        values.put("units", 64);
        values.put("act", "relu");
        values.put("w", List.of(0.5, 1.5, 1.0));
        values.put("flag", true);
        Map<String, String> dists = Map.of("lr", "{\"type\":\"float\",\"low\":1.0E-4,\"high\":0.1,\"log\":true}",
                "w", "{\"type\":\"simplex\",\"components\":[\"a\",\"b\",\"c\"],\"total\":3.0}");
        List<ParamValue> params = TrialValues.params(values, dists);
        Map<String, ParamValue> byName = params.stream().collect(Collectors.toMap(ParamValue::name, p -> p));
        assertEquals(ParamType.FLOAT, byName.get("lr").type());
        assertEquals(dists.get("lr"), byName.get("lr").distributionJson());
        assertEquals(ParamType.INT, byName.get("units").type());
        assertEquals("{}", byName.get("units").distributionJson());
        assertEquals(ParamType.STRING, byName.get("w").type());
        assertEquals("{\"type\":\"simplex\",\"components\":[\"a\",\"b\",\"c\"],\"total\":3.0,\"encoding\":\"json\"}",
                byName.get("w").distributionJson());
        assertEquals("[0.5,1.5,1.0]", byName.get("w").stringValue());
        assertTrue(byName.get("flag").distributionJson().contains("\"encoding\":\"json\""));
        assertEquals(values, TrialValues.values(byName));
        // the marker written before distributions were recorded still decodes
        Map<String, ParamValue> old = Map.of("w", ParamValue.ofString("w", "[1.0,2.0]", "{\"encoding\":\"json\"}"));
        assertEquals(Map.of("w", List.of(1.0, 2.0)), TrialValues.values(old));
        // a string that merely looks like JSON stays a string
        Map<String, ParamValue> text = Map.of("s", ParamValue.ofString("s", "[1]", "{\"type\":\"categorical\"}"));
        assertEquals(Map.of("s", "[1]"), TrialValues.values(text));
    }
}
