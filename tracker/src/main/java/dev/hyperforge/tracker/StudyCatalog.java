package dev.hyperforge.tracker;

import dev.hyperforge.search.storage.StudySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracker's view of studies beside search's storage contract: experiment links, summaries and study attributes.
 * One concern of a {@link RunStore}; every
 * implementation passes {@code RunStoreContract}.
 *
 * <pre>{@code
 * StudyRecord s = store.createOrGetStudy(new StudySpec("mnist", Direction.MINIMIZE, "gp", "{}", 42), experimentId);
 * store.setStudyAttribute(s.id(), "settings", "{\"budget\":20}");
 * }</pre>
 */
public interface StudyCatalog extends TrialStore {

    /**
     * Creates a study, or returns the existing study of that name (whose stored settings win).
     *
     * @param spec the study to create
     * @param experimentId the experiment file the study runs (see {@link #saveExperiment}), or null
     * @return the stored study
     * @throws IllegalArgumentException when a study of that name exists with another direction
     */
    StudyRecord createOrGetStudy(StudySpec spec, Long experimentId);

    /**
     * Creates a study without an experiment link, or returns the existing one of that name.
     *
     * @param spec the study to create
     * @return the stored study
     * @throws IllegalArgumentException when a study of that name exists with another direction
     */
    default StudyRecord createOrGetStudy(StudySpec spec) {
        return createOrGetStudy(spec, null);
    }

    /**
     * Finds a study by name.
     *
     * @param name study name
     * @return the study, or empty
     */
    Optional<StudyRecord> findStudyRecord(String name);

    /**
     * Looks up a study.
     *
     * @param studyId id
     * @return the study
     */
    StudyRecord study(long studyId);

    /**
     * All studies with counts per state and best value, by name.
     *
     * @return the summaries
     */
    List<StudySummary> listStudies();

    /**
     * One study's counts per state and best value (what {@link #listStudies()} holds for it), read with queries
     * restricted to that study.
     *
     * @param studyId study
     * @return the summary
     */
    default StudySummary studySummary(long studyId) {
        StudyRecord s = study(studyId);
        return listStudies().stream().filter(x -> x.study().id() == studyId).findFirst()
                .orElse(new StudySummary(s, java.util.Map.of(), null));
    }

    /**
     * Deletes a study with all it holds, in one transaction: its runs with their parameters, intermediate values,
     * metrics, tags, artifacts and provenance, its attributes and saved ensembles. Experiment texts stay (other
     * studies may share them). A study with RUNNING trials is refused unless {@code force}: a worker may still be
     * writing to them (with {@code force} its later writes fail as writes to unknown runs).
     *
     * @param studyId study
     * @param force delete even while trials are RUNNING
     * @return what was deleted
     * @throws java.util.NoSuchElementException when no study has that id
     * @throws IllegalStateException when trials are RUNNING and {@code force} is false (nothing is deleted)
     */
    StudyDeletion deleteStudy(long studyId, boolean force);

    /**
     * Sets (adds or replaces) one attribute of a study, e.g. settings that workers joining it read.
     *
     * @param studyId study
     * @param key attribute name, 1..200 characters
     * @param jsonValue the value as JSON text
     */
    void setStudyAttribute(long studyId, String key, String jsonValue);

    /**
     * The attributes of a study.
     *
     * @param studyId study
     * @return JSON values by key, sorted by key
     */
    Map<String, String> studyAttributes(long studyId);

    /**
     * Keeps a chart view of a study (replacing the one of that name), with the number of COMPLETE runs it was
     * computed from, so that a reader started later can use it while that number is unchanged ({@link StudyView}).
     * Deleted with the study.
     *
     * @param studyId study
     * @param name the view's name, 1..40 characters
     * @param completeCount how many COMPLETE runs it was computed from
     * @param body its text
     */
    void saveStudyView(long studyId, String name, long completeCount, String body);

    /**
     * @param studyId study
     * @param name the view's name
     * @return the view kept under that name, if any
     */
    java.util.Optional<StudyView> studyView(long studyId, String name);
}
