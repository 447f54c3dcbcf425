package dev.hyperforge.tracker;

import java.util.List;
import java.util.Objects;

/**
 * What {@link StudyCatalog#deleteStudy} removed: the study and, with it, every run's parameters, metrics,
 * artifacts, provenance, tags and the study's saved ensembles. The run ids let a caller remove the runs'
 * directories on disk too (the store holds no files).
 *
 * <pre>{@code
 * StudyDeletion d = store.deleteStudy(store.findStudyRecord("mnist").orElseThrow().id(), false);
 * System.out.println("deleted " + d.runIds().size() + " runs and " + d.metricPoints() + " metric points");
 * }</pre>
 *
 * @param name the deleted study's name
 * @param runIds ids of the deleted runs, ascending
 * @param metricPoints number of metric points deleted
 * @param artifacts number of artifacts deleted
 */
public record StudyDeletion(String name, List<Long> runIds, long metricPoints, int artifacts) {

    /** Checks the counts and copies the ids. */
    public StudyDeletion {
        Objects.requireNonNull(name, "name");
        runIds = List.copyOf(runIds);
        if (metricPoints < 0 || artifacts < 0) {
            throw new IllegalArgumentException("counts must be >= 0, received " + metricPoints + " and " + artifacts);
        }
    }
}
