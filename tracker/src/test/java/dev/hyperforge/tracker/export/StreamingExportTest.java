package dev.hyperforge.tracker.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports stream: rows reach the writer while the store is still delivering runs (in chunks of 500), so a large
 * study is never held in memory as a whole, in every format.
 */
class StreamingExportTest {
    private static final int RUNS = 1200;
    private Database db;
    private RunStore store;
    private StudyRecord study;
    /** Runs the store has handed to the exporter so far. */
    private int delivered;

    @BeforeEach
    void fill() {
        db = Database.open("jdbc:h2:mem:stream-" + UUID.randomUUID());
        store = new JdbcRunStore(db);
        study = store.createOrGetStudy(new StudySpec("big", Direction.MINIMIZE, "random", "{}", 1));
        for (int i = 0; i < RUNS; i++) {
            store.enqueueTrial(study.id(), List.of(ParamValue.ofInt("i", i, "{}")), "{}");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** The store, counting the runs {@code forEachRun} delivers. */
    private RunStore counting() {
        return (RunStore) Proxy.newProxyInstance(RunStore.class.getClassLoader(), new Class<?>[] {RunStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("forEachRun")) {
                        @SuppressWarnings("unchecked")
                        Consumer<Run> action = (Consumer<Run>) args[1];
                        store.forEachRun((RunQuery) args[0], r -> {
                            delivered++;
                            action.accept(r);
                        });
                        return null;
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A writer that records, at each write, how many runs had been delivered and how much was written. */
    private final class Recorder extends Writer {
        final StringBuilder text = new StringBuilder();
        final List<int[]> writes = new ArrayList<>();

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
            writes.add(new int[] {delivered, text.length()});
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        /** @return characters already written when only half of the runs had been delivered */
        int writtenByHalfway() {
            int chars = 0;
            for (int[] w : writes) {
                if (w[0] <= RUNS / 2) {
                    chars = w[1];
                }
            }
            return chars;
        }
    }

    @Test
    void everyFormatWritesRowsWhileRunsAreStillArriving() {
        for (ExportFormat format : ExportFormat.values()) {
            delivered = 0;
            Recorder out = new Recorder();
            long n = new RunExporter(counting()).exportRuns(RunQuery.forStudy(study.id()).build(), format, out);
            assertEquals(RUNS, n, format.toString());
            assertEquals(RUNS, delivered, format.toString());
            int total = out.text.length();
            assertTrue(out.writtenByHalfway() > total / 3, format + ": " + out.writtenByHalfway() + " of " + total
                    + " characters written by the time half of the runs had been read");
            assertTrue(out.text.toString().contains(format == ExportFormat.JSON ? "\"i\":1199" : "1199"), format.toString());
        }
    }
}
