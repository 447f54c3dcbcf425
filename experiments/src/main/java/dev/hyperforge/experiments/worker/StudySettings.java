package dev.hyperforge.experiments.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.experiments.run.Limits;
import dev.hyperforge.search.Study;
import dev.hyperforge.tracker.RunStore;

/**
 * What every worker of a study must agree on, kept with the study in the database (study attribute
 * {@value #ATTRIBUTE}) so that {@code hf worker --study NAME} needs nothing but the database: the trial budget,
 * the heartbeat interval (a RUNNING trial whose heartbeat is older than {@link #staleAfter()} is failed by
 * another worker), whether such a trial is re-queued, the experiment file to run and the quick-run caps.
 *
 * <pre>{@code
 * new StudySettings(40, Duration.ofSeconds(10), false, experimentId, Limits.NONE).save(store, studyId);
 * StudySettings s = StudySettings.load(store, studyId).orElseThrow();
 * }</pre>
 *
 * @param budget trials that must not fail (COMPLETE or PRUNED), at least 1
 * @param heartbeat how often a worker refreshes the heartbeat of its running trials
 * @param retryStale whether a trial failed for a stale heartbeat is re-queued with the same parameters
 * @param experimentId the experiment file (its id in the tracker)
 * @param limits caps on epochs and samples
 */
public record StudySettings(int budget, Duration heartbeat, boolean retryStale, long experimentId, Limits limits) {
    /** Name of the study attribute holding the settings. */
    public static final String ATTRIBUTE = "worker_settings";
    /** Default heartbeat interval. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates the settings. */
    public StudySettings {
        if (budget < 1) {
            throw new IllegalArgumentException("--trials must be at least 1, received " + budget);
        }
        if (heartbeat.toMillis() < 100) {
            throw new IllegalArgumentException("--heartbeat must be at least 100ms, received " + heartbeat);
        }
        limits = limits == null ? Limits.NONE : limits;
    }

    /**
     * @return the silence after which a RUNNING trial counts as abandoned: three heartbeat intervals, at least the
     *     interval plus 5 s ({@link Study#staleAfterFor}), so that a live worker on a busy machine keeps its trials
     */
    public Duration staleAfter() {
        return Study.staleAfterFor(heartbeat);
    }

    /**
     * @return how often workers look for abandoned trials: an eighth of the heartbeat interval, so that a dead
     *     worker's trial is failed at most {@link #staleAfter()} plus an eighth of an interval after its last
     *     heartbeat
     */
    public Duration reapEvery() {
        return heartbeat.dividedBy(8);
    }

    /** @return how often an idle worker (budget taken by running trials) looks again: half an interval */
    public Duration idlePause() {
        return heartbeat.dividedBy(2);
    }

    /** @return most trials that may fail before workers give up (as many as the budget, at least 10) */
    public int maxFailed() {
        return Math.max(10, budget);
    }

    /**
     * Stores the settings with the study (replacing earlier ones).
     *
     * @param store the tracker
     * @param studyId the study
     */
    public void save(RunStore store, long studyId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("budget", budget);
        m.put("heartbeat_ms", heartbeat.toMillis());
        m.put("retry_stale", retryStale);
        m.put("experiment_id", experimentId);
        m.put("limits", limits.toMap());
        try {
            store.setStudyAttribute(studyId, ATTRIBUTE, JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the worker settings: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the settings of a study.
     *
     * @param store the tracker
     * @param studyId the study
     * @return the settings, or empty for a study not prepared for workers
     */
    public static Optional<StudySettings> load(RunStore store, long studyId) {
        String text = store.studyAttributes(studyId).get(ATTRIBUTE);
        if (text == null) {
            return Optional.empty();
        }
        try {
            Map<String, Object> m = JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
            return Optional.of(new StudySettings(((Number) m.get("budget")).intValue(),
                    Duration.ofMillis(((Number) m.get("heartbeat_ms")).longValue()), Boolean.TRUE.equals(m.get("retry_stale")),
                    ((Number) m.get("experiment_id")).longValue(), Limits.fromMap(m.get("limits"))));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("the worker settings of study " + studyId + " are corrupt: " + text, e);
        }
    }
}
