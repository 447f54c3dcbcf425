package dev.hyperforge.experiments.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.RunStore;

/**
 * Reads the protocol lines of a program's output: {@code HF_METRIC <name> <step> <value>} is logged as a run
 * metric (in batches: every 100 points, every second, before each report and at the end) and
 * {@code HF_REPORT <step> <value>} is handed back as an intermediate value. Malformed protocol lines are
 * ordinary output.
 */
final class MetricLines {
    private static final int BATCH = 100;
    private static final long FLUSH_NANOS = 1_000_000_000L;

    private final RunStore store;
    private final long runId;
    private final List<MetricPoint> pending = new ArrayList<>();
    private final Map<String, Double> last = new LinkedHashMap<>();
    private long flushedAt = System.nanoTime();

    /** An intermediate value the program reported. */
    record Report(int step, double value) {
    }

    MetricLines(RunStore store, long runId) {
        this.store = store;
        this.runId = runId;
    }

    /** @return the report on an {@code HF_REPORT} line, else null (metrics are buffered) */
    synchronized Report accept(String line) {
        if (!line.startsWith("HF_")) {
            return null;
        }
        String[] p = line.strip().split("\\s+");
        try {
            if (p[0].equals("HF_METRIC") && p.length == 4 && p[1].length() <= 200) {
                MetricPoint point = MetricPoint.now(p[1], Long.parseLong(p[2]), value(p[3]));
                pending.add(point);
                last.put(point.name(), point.value());
                if (pending.size() >= BATCH || System.nanoTime() - flushedAt > FLUSH_NANOS) {
                    flush();
                }
            } else if (p[0].equals("HF_REPORT") && p.length == 3) {
                Report r = new Report(Integer.parseInt(p[1]), value(p[2]));
                flush();
                return r;
            }
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return null;
    }

    /** A value as programs print it ({@code 0.5}, {@code 1e-3}, {@code nan}, {@code inf}). */
    private static double value(String text) {
        Double v = dev.hyperforge.search.CommandProcess.number(text);
        if (v == null) {
            throw new IllegalArgumentException("not a number: " + text);
        }
        return v;
    }

    /** Logs the buffered points. */
    synchronized void flush() {
        if (!pending.isEmpty()) {
            store.logMetrics(runId, List.copyOf(pending));
            pending.clear();
        }
        flushedAt = System.nanoTime();
    }

    /** The last value of each metric. */
    synchronized Map<String, Double> last() {
        return Map.copyOf(last);
    }
}
