package dev.hyperforge.experiments.asktell;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.web.AskTell;
import java.util.List;
import java.util.Objects;

/**
 * The ask/tell writes of {@code hf serve}: each request opens its {@link ExternalStudy} from the database, so the
 * server, {@code hf ask} processes and other servers may drive one study together.
 *
 * <pre>{@code
 * DashboardServer.start(store, options, new TrackedAskTell(store));
 * }</pre>
 */
public final class TrackedAskTell implements AskTell {
    private final RunStore store;

    /** @param store the tracker */
    public TrackedAskTell(RunStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Asked ask(long studyId) {
        return ExternalStudy.open(store, studyId).ask(null);
    }

    @Override
    public Run tell(long runId, Outcome outcome) {
        Run run = store.run(runId);
        ExternalStudy.open(store, run.studyId()).tell(run.number(), outcome);
        return store.run(runId);
    }

    @Override
    public boolean log(long runId, List<MetricPoint> points) {
        Run run = store.run(runId);
        return ExternalStudy.open(store, run.studyId()).log(run, points);
    }
}
