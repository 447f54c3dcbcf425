package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashDuringWriteTest} kills: opens an embedded file database and writes trials forever,
 * each with a parameter, {@link #BATCHES} metric batches of {@link #POINTS} points and a COMPLETE finish whose
 * value is the trial number. Prints {@code READY} once the database is open and {@code COMPLETE n} after each
 * finished trial.
 *
 * <p>Arguments: url study
 */
public final class CrashingWriterMain {
    static final int BATCHES = 5;
    static final int POINTS = 200;

    private CrashingWriterMain() {
    }

    /**
     * Entry point.
     *
     * @param args url and study name
     */
    public static void main(String[] args) {
        try (Database db = Database.open(args[0])) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord study = store.createOrGetStudy(new StudySpec(args[1], Direction.MINIMIZE, "random", "{}", 1));
            System.out.println("READY");
            System.out.flush();
            while (true) {
                Run r = store.startRun(study.id(), TestFixtures.provenance("crash"));
                store.setParams(r.id(), List.of(ParamValue.ofInt("n", r.number(), "{}")));
                for (int b = 0; b < BATCHES; b++) {
                    List<MetricPoint> batch = new ArrayList<>(POINTS);
                    for (int p = 0; p < POINTS; p++) {
                        batch.add(new MetricPoint("loss", (long) b * POINTS + p, 1.0 / (p + 1), Instant.now()));
                    }
                    store.logMetrics(r.id(), batch);
                }
                store.finishRun(r.id(), TrialState.COMPLETE, (double) r.number(), null);
                System.out.println("COMPLETE " + r.number());
                System.out.flush();
            }
        }
    }
}
