package dev.hyperforge.tracker.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A small run of the benchmark (the figures are not asserted: the machine is shared). */
class TrackerBenchmarkTest {
    @Test
    void aSmallBenchmarkRunsOnTheEmbeddedFileDatabaseAndReportsItsFigures() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrackerBenchmark.Result r = TrackerBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new TrackerBenchmark.Options(null, 2_000, 500, 100, 3, 20, 2));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("points/s"), out);
        assertTrue(out.contains("sorted by last val_loss"), out);
        assertTrue(r.pointsPerSecond() > 0 && r.pageMillisMedianByMetric() > 0, r.toString());
    }
}
