package dev.hyperforge.experiments.asktell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.experiments.file.Experiment;
import dev.hyperforge.experiments.run.SearchSpaces;
import dev.hyperforge.search.Study;
import dev.hyperforge.search.sampler.Sampler;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.RunContext;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.search.storage.StudyStorage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens a search {@link Study} whose trials live in the tracker, for a study driven from outside: the only place in
 * this package that knows how a study is stored, so it can be re-pointed when the storage changes. A new trial's run
 * records the experiment file, the sampler and the study seed as its provenance; its data and model are outside
 * Hyperforge, so the data fingerprint is that of no data and the ND4J fields say {@code none}.
 *
 * <pre>{@code
 * Study study = TrackerStudy.open(store, experiment, "shell-gp", Samplers.create("gp", "{}"), 42, experimentId, null);
 * Optional<Trial> t = study.askWithinBudget(10);
 * }</pre>
 */
public final class TrackerStudy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrackerStudy() {
    }

    /**
     * Creates the study, or resumes it when the name exists (then sampler and direction must match).
     *
     * @param store the tracker
     * @param e the study's experiment file (search section only)
     * @param name the study name
     * @param sampler the sampler (as stored with the study)
     * @param seed the study seed (ignored when resuming)
     * @param experimentId the experiment file's id in the tracker
     * @param staleAfter RUNNING trials silent for longer are failed by {@link Study#failStaleTrials()}, or null: never
     * @return the study
     */
    public static Study open(RunStore store, Experiment e, String name, Sampler sampler, long seed, long experimentId,
                             Duration staleAfter) {
        StudyStorage storage = store.withRunContext(new RunContext(() -> provenance(e, sampler, seed), experimentId,
                SearchSpaces.distributionsJson(e)));
        Study.Builder b = Study.builder(name, SearchSpaces.space(e)).directions(SearchSpaces.directions(e))
                .sampler(sampler).pruner(SearchSpaces.pruner(e)).seed(seed).storage(storage);
        if (staleAfter != null) {
            b.heartbeat(staleAfter.dividedBy(2), staleAfter, false);
        }
        return b.build();
    }

    private static Provenance provenance(Experiment e, Sampler sampler, long seed) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment", e.name());
        config.put("sampler", sampler.name());
        config.put("driven_by", "ask/tell (the program runs outside Hyperforge)");
        return Provenance.builder().experimentFile(e.text()).resolvedConfig(json(config)).seed("study", seed)
                .dataFingerprint(Hashing.sha256Hex("")).nd4j("none", "none").threads("caller", 1).build();
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the run's configuration as JSON: " + ex.getMessage(), ex);
        }
    }
}
