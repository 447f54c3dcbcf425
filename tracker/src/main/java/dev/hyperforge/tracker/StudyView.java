package dev.hyperforge.tracker;

import java.util.Objects;

/**
 * A chart view kept for a study ({@link StudyCatalog#saveStudyView}): its text and the number of COMPLETE runs it
 * was computed from. COMPLETE runs never change and are deleted only with their study, so the view is that of the
 * study's current COMPLETE runs exactly when {@code completeCount} equals their number now.
 *
 * <pre>{@code
 * store.saveStudyView(studyId, "history", 100_000, json);
 * store.studyView(studyId, "history").filter(v -> v.completeCount() == completeNow).map(StudyView::body);
 * }</pre>
 *
 * @param completeCount how many COMPLETE runs the view was computed from
 * @param body the view's text (for the dashboard, JSON)
 */
public record StudyView(long completeCount, String body) {
    public StudyView {
        Objects.requireNonNull(body, "body");
    }
}
