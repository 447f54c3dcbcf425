package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A worker process for {@link MultiProcessConcurrencyTest}: opens the database, and with several threads writes
 * trials of one study (params, batched metrics, heartbeats, finish). Prints {@code DONE <runs>} on success.
 *
 * <p>Arguments: url study worker threads trialsPerThread batches pointsPerBatch
 */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    /**
     * Entry point.
     *
     * @param args see the class documentation
     * @throws Exception on any failure (the exit status is then non-zero)
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String studyName = args[1];
        String worker = args[2];
        int threads = Integer.parseInt(args[3]);
        int trials = Integer.parseInt(args[4]);
        int batches = Integer.parseInt(args[5]);
        int points = Integer.parseInt(args[6]);
        try (Database db = Database.open(url, threads + 2)) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.findStudyRecord(studyName).orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String thread = worker + "-" + t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < trials; i++) {
                        Run r = store.startRun(study.id(), TestFixtures.provenance("worker " + thread));
                        store.setParams(r.id(), List.of(ParamValue.ofString("worker", thread, "{}")));
                        for (int b = 0; b < batches; b++) {
                            List<MetricPoint> batch = new ArrayList<>(points);
                            for (int p = 0; p < points; p++) {
                                batch.add(new MetricPoint("loss", (long) b * points + p, p, Instant.now()));
                            }
                            store.logMetrics(r.id(), batch);
                            store.heartbeat(r.id());
                        }
                        store.finishRun(r.id(), TrialState.COMPLETE, (double) i, null);
                    }
                    return trials;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            pool.shutdown();
            System.out.println("DONE " + total);
        }
    }
}
