package dev.hyperforge.tracker.memory;

import dev.hyperforge.tracker.EnsembleRecord;
import dev.hyperforge.tracker.EnsembleSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The saved ensembles of {@link InMemoryRunStore} by study and name, guarded by the store's lock. */
final class MemoryEnsembles {
    private final Map<Long, Map<String, EnsembleRecord>> byStudy = new HashMap<>();
    private long nextId = 1;

    EnsembleRecord save(long studyId, EnsembleSpec spec, Instant now) {
        EnsembleRecord e = new EnsembleRecord(nextId++, studyId, spec, now);
        byStudy.computeIfAbsent(studyId, k -> new TreeMap<>()).put(spec.name(), e);
        return e;
    }

    List<EnsembleRecord> of(long studyId) {
        return List.copyOf(byStudy.getOrDefault(studyId, Map.of()).values());
    }

    Optional<EnsembleRecord> find(long studyId, String name) {
        return Optional.ofNullable(byStudy.getOrDefault(studyId, Map.of()).get(name));
    }

    /** Removes every ensemble of a study. */
    void deleteOf(long studyId) {
        byStudy.remove(studyId);
    }

    boolean delete(long studyId, String name) {
        Map<String, EnsembleRecord> m = byStudy.get(studyId);
        return m != null && m.remove(name) != null;
    }
}
