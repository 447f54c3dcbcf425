package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A study with counts of its runs per state and its best value, for {@code hf studies}.
 *
 * @param study the study
 * @param counts number of runs per state (every state present, zero when none)
 * @param bestValue best objective value of the COMPLETE runs, or null
 */
public record StudySummary(StudyRecord study, Map<TrialState, Long> counts, Double bestValue) {

    /** Copies the counts, filling absent states with zero. */
    public StudySummary {
        EnumMap<TrialState, Long> all = new EnumMap<>(TrialState.class);
        for (TrialState s : TrialState.values()) {
            all.put(s, counts.getOrDefault(s, 0L));
        }
        counts = Collections.unmodifiableMap(all);
    }

    /**
     * Total number of runs.
     *
     * @return the sum of the counts
     */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
