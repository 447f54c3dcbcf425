package dev.hyperforge.tracker;

import java.util.List;
import java.util.Optional;

/**
 * Saved ensembles of a study's runs.
 * One concern of a {@link RunStore}; every
 * implementation passes {@code RunStoreContract}.
 *
 * <pre>{@code
 * store.saveEnsemble(studyId, spec);
 * Optional<EnsembleRecord> e = store.findEnsemble(studyId, spec.name());
 * }</pre>
 */
public interface EnsembleStore {

    /**
     * Saves an ensemble of runs of a study, replacing one of the same name in that study, in one transaction.
     *
     * @param studyId study
     * @param spec name, members (runs of this study), weights, method, metric
     * @return the stored ensemble
     * @throws IllegalArgumentException for an unknown study, an unknown run or a run of another study
     */
    EnsembleRecord saveEnsemble(long studyId, EnsembleSpec spec);

    /**
     * The saved ensembles of a study, by name.
     *
     * @param studyId study
     * @return the ensembles
     */
    List<EnsembleRecord> listEnsembles(long studyId);

    /**
     * Finds a saved ensemble by name.
     *
     * @param studyId study
     * @param name ensemble name
     * @return the ensemble, or empty
     */
    Optional<EnsembleRecord> findEnsemble(long studyId, String name);

    /**
     * Deletes a saved ensemble (the member runs are untouched).
     *
     * @param studyId study
     * @param name ensemble name
     * @return whether one was deleted
     */
    boolean deleteEnsemble(long studyId, String name);
}
