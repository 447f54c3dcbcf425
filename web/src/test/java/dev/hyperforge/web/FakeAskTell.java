package dev.hyperforge.web;

import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunStore;
import java.util.List;
import java.util.Map;

/** An {@link AskTell} without a sampler or budget, for the web module's own tests: every ask gets {@code x = 0.5}. */
final class FakeAskTell implements AskTell {
    private final RunStore store;

    FakeAskTell(RunStore store) {
        this.store = store;
    }

    @Override
    public Asked ask(long studyId) {
        Run r = store.startRun(studyId, StudyFixture.provenance());
        store.setParams(r.id(), List.of(ParamValue.ofFloat("x", 0.5, "{}")));
        return new Asked(store.study(studyId).name(), studyId, r.number(), r.id(), Map.of("x", 0.5));
    }

    @Override
    public Run tell(long runId, Outcome outcome) {
        return store.finishRunValues(runId, outcome.state(), outcome.values(), outcome.error());
    }

    @Override
    public boolean log(long runId, List<MetricPoint> points) {
        store.logMetrics(runId, points);
        return false;
    }
}
