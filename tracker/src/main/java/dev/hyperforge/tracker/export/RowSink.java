package dev.hyperforge.tracker.export;

import dev.hyperforge.tracker.Run;
import java.io.IOException;
import java.util.List;

/** A destination of {@link RunExporter}'s rows: a header, then one row (or run) at a time, then the end. */
interface RowSink {
    void begin(List<String> header) throws IOException;

    void row(List<String> cells) throws IOException;

    /** @return how many value columns a run has (0: the one {@code value} column) */
    default int objectives() {
        return 0;
    }

    default void run(Run r, List<String> params, List<String> metrics) throws IOException {
        row(RunExporter.cells(r, params, metrics, objectives()));
    }

    void end() throws IOException;
}
