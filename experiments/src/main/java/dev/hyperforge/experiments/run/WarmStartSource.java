package dev.hyperforge.experiments.run;

import java.util.List;
import java.util.Locale;

import dev.hyperforge.experiments.file.Objective;
import dev.hyperforge.search.FrozenTrial;
import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;

/**
 * Reads the trials of the earlier study named by {@code hf tune --warm-start STUDY}, after checking that it exists,
 * is not the study being tuned and optimises in the same direction (its values are then the new study's values).
 *
 * <pre>{@code
 * List<FrozenTrial> warm = WarmStartSource.trials(store, "fashion-bayes", "fashion-bayes-2", objective);
 * }</pre>
 */
final class WarmStartSource {

    private WarmStartSource() {
    }

    /**
     * @param store the tracker
     * @param source the earlier study's name
     * @param target the name of the study being tuned
     * @param objective the tuned file's objective
     * @return all trials of the earlier study, by number
     * @throws IllegalArgumentException for an unknown study, the study itself, or an opposite direction
     */
    static List<FrozenTrial> trials(RunStore store, String source, String target, Objective objective) {
        if (source.equals(target)) {
            throw new IllegalArgumentException("--warm-start " + source + " names the study being tuned; name an earlier study");
        }
        StudyRecord rec = store.findStudyRecord(source).orElseThrow(() -> new IllegalArgumentException("--warm-start: no study named '"
                + source + "' in this database; list them with hf studies"));
        boolean max = objective.direction() == Direction.MAXIMIZE;
        if ((rec.direction() == Direction.MAXIMIZE) != max) {
            throw new IllegalArgumentException("--warm-start: study '" + source + "' " + rec.direction().name().toLowerCase(Locale.ROOT)
                    + "s its objective, but " + objective.metric() + " is " + (max ? "maximised" : "minimised")
                    + "; its values cannot seed this study");
        }
        return store.getTrials(rec.id());
    }
}
