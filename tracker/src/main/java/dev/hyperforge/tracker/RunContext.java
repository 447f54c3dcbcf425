package dev.hyperforge.tracker;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the tracker records beside a trial that search's storage contract does not carry: the provenance of each
 * trial this process starts, the experiment file a new study runs, and each parameter's distribution.
 *
 * <pre>{@code
 * StudyStorage storage = store.withRunContext(new RunContext(() -> provenance, experimentId, distributions));
 * Study study = Study.builder("mnist", space).storage(storage).build();
 * }</pre>
 *
 * @param provenance provenance of every trial started through the context, or null to record none
 * @param experimentId the experiment file a study created through the context links to, or null
 * @param distributions the distribution of each parameter as a JSON object, recorded with its values
 */
public record RunContext(Supplier<Provenance> provenance, Long experimentId, Map<String, String> distributions) {

    /** No provenance, no experiment link, {@code {}} distributions: what a bare {@code StudyStorage} call uses. */
    public static final RunContext NONE = new RunContext(null, null, Map.of());

    /** Copies the distributions. */
    public RunContext {
        distributions = Map.copyOf(distributions);
    }

    /** @return the provenance of a trial starting now, or null when this context records none */
    public Provenance provenanceNow() {
        return provenance == null ? null : provenance.get();
    }
}
