package dev.hyperforge.tracker;

import java.util.Optional;

/**
 * Experiment files and the provenance of runs: what a run was made from.
 * One concern of a {@link RunStore}; every
 * implementation passes {@code RunStoreContract}.
 *
 * <pre>{@code
 * ExperimentRecord e = store.saveExperiment(fileText);   // stored once per distinct text
 * Provenance p = store.provenance(runId).orElseThrow();
 * }</pre>
 */
public interface ProvenanceStore {

    /**
     * Stores an experiment file's text (once per distinct content).
     *
     * @param fileText the file's text
     * @return the stored experiment (existing one when the same text was stored before)
     */
    ExperimentRecord saveExperiment(String fileText);

    /**
     * Looks up a stored experiment file.
     *
     * @param experimentId id
     * @return the experiment
     */
    ExperimentRecord experiment(long experimentId);

    /**
     * The provenance of a run.
     *
     * @param runId run
     * @return its provenance, or empty for a WAITING trial
     */
    Optional<Provenance> provenance(long runId);
}
