package dev.hyperforge.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code hf bench engine}'s peak memory is the process's high-water mark, as {@code ru_maxrss} reports it. */
class EngineBenchmarkTest {
    @Test
    void peakMemoryIsTheHighWaterMarkAtLeastTheResidentSet() {
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            assertEquals(0, EngineBenchmark.peakResidentBytes(), "no /proc: no figure");
            return;
        }
        long now = EngineBenchmark.residentBytes();
        long peak = EngineBenchmark.peakResidentBytes();
        assertTrue(peak >= now && peak > 0, "VmHWM " + peak + " below the resident set less shared pages " + now);
    }

    @Test
    void aModelsPeakCountsEveryPageTheProcessHeld() {
        EngineBenchmark.Result r = EngineBenchmark.run(List.of("s9"), 2, WarmUp.FIXED).get(0);
        assertEquals("s9", r.model());
        assertTrue(r.peakBytes() >= EngineBenchmark.residentBytes(), "peak " + r.peakBytes() + " below the current resident set");
        assertTrue(r.inferMsPerBatch() > 0 && r.trainMsPerBatch() > 0, r.toString());
        assertTrue(r.warmUpSeconds() >= 2.0, "two warm-ups of at least one second each: " + r);
    }
}
