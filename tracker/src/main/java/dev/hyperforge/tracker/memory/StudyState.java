package dev.hyperforge.tracker.memory;

import dev.hyperforge.tracker.StudyRecord;
import java.util.Map;
import java.util.TreeMap;

/** A study held by {@link InMemoryRunStore}: its record, trial counter, sampler state and attributes. */
final class StudyState {
    StudyRecord record;
    int nextNumber;
    String samplerState;
    final Map<String, String> attributes = new TreeMap<>();
    final Map<String, dev.hyperforge.tracker.StudyView> views = new TreeMap<>();
}
