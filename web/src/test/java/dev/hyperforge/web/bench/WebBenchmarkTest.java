package dev.hyperforge.web.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark runs end to end on a tiny study (it measures; it asserts no speed). */
class WebBenchmarkTest {
    @Test
    void aTinyRunTimesEveryCallOfTheStudyPageAndReusesItsDatabase(@TempDir Path dir) {
        StringWriter text = new StringWriter();
        Map<String, double[]> r = WebBenchmark.run(new PrintWriter(text), new WebBenchmark.Options(dir, 30, 3, 5));
        assertEquals(21, r.size(), r.keySet().toString());
        assertTrue(r.containsKey("cold page load") && r.containsKey("cold importance"), r.keySet().toString());
        r.forEach((k, v) -> assertTrue(v[0] > 0 && v[1] >= v[0], k + ": p50 " + v[0] + ", p95 " + v[1]));
        assertTrue(text.toString().contains("populated 30 / 30 runs"), text.toString());
        assertTrue(text.toString().contains("first page load on a dashboard just started"), text.toString());
        assertTrue(text.toString().contains("first history call (cold cache)") && text.toString().contains("GC pauses"),
                text.toString());
        StringWriter again = new StringWriter();
        WebBenchmark.run(new PrintWriter(again), new WebBenchmark.Options(dir, 30, 3, 5));
        assertTrue(text.toString().contains("live: 5 rounds of one new COMPLETE trial"), text.toString());
        assertTrue(again.toString().contains("reusing study 'bench-web-30x3' (35 runs)"), again.toString());
        assertThrows(IllegalArgumentException.class, () -> new WebBenchmark.Options(null, 0, 3, 5));
    }
}
