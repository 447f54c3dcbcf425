package dev.hyperforge.tracker;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of a study's objectives (the metrics of an experiment file's {@code search.objectives}), kept as the
 * study attribute {@value #ATTRIBUTE} (a JSON list of strings) so that {@code hf runs}, {@code hf studies}, exports and
 * the dashboard can label a column per objective. A study without the attribute has the names {@code objective_0},
 * {@code objective_1}, ... ({@code value} for a single objective).
 *
 * <pre>{@code
 * ObjectiveNames.save(store, study.id(), List.of("val_accuracy", "params"));
 * List<String> names = ObjectiveNames.of(store, study);   // [val_accuracy, params]
 * }</pre>
 */
public final class ObjectiveNames {
    /** The study attribute holding the names. */
    public static final String ATTRIBUTE = "objective_names";

    private ObjectiveNames() {
    }

    /**
     * Records the names.
     *
     * @param store the store
     * @param studyId the study
     * @param names one per objective
     */
    public static void save(StudyCatalog store, long studyId, List<String> names) {
        store.setStudyAttribute(studyId, ATTRIBUTE, TrialValues.json(List.copyOf(names)));
    }

    /**
     * @param store the store
     * @param study the study
     * @return one name per objective of the study
     */
    public static List<String> of(StudyCatalog store, StudyRecord study) {
        int k = study.directions().size();
        String text = store.studyAttributes(study.id()).get(ATTRIBUTE);
        if (text != null) {
            List<?> l = (List<?>) TrialValues.object("{\"n\":" + text + "}").get("n");
            if (l.size() == k) {
                return l.stream().map(String::valueOf).toList();
            }
        }
        if (k == 1) {
            return List.of("value");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add("objective_" + i);
        }
        return out;
    }
}
