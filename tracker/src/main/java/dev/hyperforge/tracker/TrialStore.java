package dev.hyperforge.tracker;

import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.storage.StudyInfo;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Studies and trials: search's {@link StudyStorage} contract, implemented by the tracker's stores themselves, plus
 * the same writes with a {@link RunContext} (provenance, experiment link, distributions). The plain contract
 * methods use {@link RunContext#NONE}; {@link #withRunContext} gives a storage that uses another context, for a
 * {@code Study} to run on.
 *
 * <pre>{@code
 * RunStore store = new JdbcRunStore(db);
 * Study study = Study.builder("mnist", space).storage(store.withRunContext(context)).build();
 * store.getTrials(study.id());   // the same trials, as FrozenTrials
 * }</pre>
 */
public interface TrialStore extends StudyStorage {

    /**
     * Creates a study linked to the context's experiment.
     *
     * @param spec the study
     * @param context experiment link
     * @return the study
     * @throws IllegalArgumentException if a study with that name exists
     */
    StudyInfo createStudy(StudySpec spec, RunContext context);

    /**
     * As {@link StudyStorage#createTrial}, recording the context's provenance in the same transaction.
     *
     * @param studyId study id
     * @param now the current time
     * @param context provenance
     * @return the new trial
     */
    FrozenTrial createTrial(long studyId, Instant now, RunContext context);

    /**
     * As {@link StudyStorage#enqueueTrial}, recording parameters with the context's distributions.
     *
     * @param studyId study id
     * @param params fixed parameters
     * @param systemAttrs system attributes
     * @param context distributions
     * @return the waiting trial
     */
    FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs,
                             RunContext context);

    /**
     * As {@link StudyStorage#claimWaitingTrial}, recording the context's provenance in the same transaction.
     *
     * @param studyId study id
     * @param now the current time
     * @param context provenance
     * @return the claimed trial, or empty
     */
    Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now, RunContext context);

    /**
     * As {@link StudyStorage#claimTrialWithinBudget}, recording the context's provenance in the same transaction.
     *
     * @param studyId study id
     * @param now the current time
     * @param budget the trial budget, at least 1
     * @param context provenance
     * @return the claimed or new trial, or empty when the budget is spent
     */
    Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget, RunContext context);

    /**
     * As {@link StudyStorage#setTrialParams}, recording parameters with the context's distributions.
     *
     * @param trialId trial id
     * @param params parameters
     * @param systemAttrs system attributes to add
     * @param context distributions
     * @return the updated trial
     */
    FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs,
                               RunContext context);

    /**
     * This store as a {@link StudyStorage} whose writes use {@code context}; reads and other writes are this
     * store's own.
     *
     * @param context provenance, experiment link and distributions
     * @return the storage
     */
    default StudyStorage withRunContext(RunContext context) {
        return new ContextStudyStorage(this, context);
    }

    @Override
    default StudyInfo createStudy(StudySpec spec) {
        return createStudy(spec, RunContext.NONE);
    }

    @Override
    default FrozenTrial createTrial(long studyId, Instant now) {
        return createTrial(studyId, now, RunContext.NONE);
    }

    @Override
    default FrozenTrial enqueueTrial(long studyId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        return enqueueTrial(studyId, params, systemAttrs, RunContext.NONE);
    }

    @Override
    default Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        return claimWaitingTrial(studyId, now, RunContext.NONE);
    }

    @Override
    default Optional<FrozenTrial> claimTrialWithinBudget(long studyId, Instant now, int budget) {
        return claimTrialWithinBudget(studyId, now, budget, RunContext.NONE);
    }

    @Override
    default FrozenTrial setTrialParams(long trialId, Map<String, Object> params, Map<String, Object> systemAttrs) {
        return setTrialParams(trialId, params, systemAttrs, RunContext.NONE);
    }
}
