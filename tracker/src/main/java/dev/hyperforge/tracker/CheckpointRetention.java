package dev.hyperforge.tracker;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Which checkpoints of a study are kept (the Ray Tune {@code keep_checkpoints_num} idea). Every fit stores
 * the checkpoint of its best epoch; this study-level policy then keeps them all ({@link #ALL}, the default),
 * only those of the top {@code k} COMPLETE trials by the study's objective (a checkpoint is dropped when its
 * trial falls out of the top k; PRUNED and FAILED trials never count), or none. Predictions, targets, model
 * configs and summaries are never dropped (ensembles are built from predictions). Kept with the study as the
 * attribute {@value #ATTRIBUTE} so that every worker applies the same policy.
 *
 * <pre>{@code
 * CheckpointRetention.parse("3", "--keep-checkpoints").save(store, studyId);
 * List<Artifact> dropped = CheckpointRetention.load(store, studyId).apply(store, studyId);
 * }</pre>
 *
 * @param keep checkpoints kept (the best trials'), or -1 for all
 */
public record CheckpointRetention(int keep) {
    /** Study attribute holding the policy. */
    public static final String ATTRIBUTE = "checkpoint_retention";
    /** Keep every trial's checkpoint. */
    public static final CheckpointRetention ALL = new CheckpointRetention(-1);
    /** Keep no checkpoint once a trial has finished. */
    public static final CheckpointRetention NONE = new CheckpointRetention(0);

    /** Checks the count. */
    public CheckpointRetention {
        if (keep < -1) {
            throw new IllegalArgumentException("checkpoints to keep must be >= 0 (or all), got " + keep);
        }
    }

    /**
     * Parses {@code all}, {@code none} or a count.
     *
     * @param text the value
     * @param where the option or field, for the message
     * @return the policy
     */
    public static CheckpointRetention parse(String text, String where) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("all")) {
            return ALL;
        }
        if (t.equals("none")) {
            return NONE;
        }
        try {
            int k = Integer.parseInt(t);
            if (k >= 0) {
                return new CheckpointRetention(k);
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new IllegalArgumentException(where + " must be a count >= 0, 'all' or 'none', received '" + text + "'");
    }

    /** @return {@code all}, {@code none} or the count */
    public String text() {
        return keep < 0 ? "all" : keep == 0 ? "none" : Integer.toString(keep);
    }

    /**
     * Stores the policy with a study.
     *
     * @param store the tracker
     * @param studyId the study
     */
    public void save(StudyCatalog store, long studyId) {
        store.setStudyAttribute(studyId, ATTRIBUTE, "\"" + text() + "\"");
    }

    /**
     * The policy of a study ({@link #ALL} when none was stored).
     *
     * @param store the tracker
     * @param studyId the study
     * @return the policy
     */
    public static CheckpointRetention load(StudyCatalog store, long studyId) {
        String v = store.studyAttributes(studyId).get(ATTRIBUTE);
        return v == null ? ALL : parse(v.replace("\"", ""), "study attribute " + ATTRIBUTE);
    }

    /**
     * Deletes the checkpoints of finished trials that the policy does not keep (their objects are freed by
     * the next {@code hf gc}); safe to run from several workers at once.
     *
     * @param store the tracker
     * @param studyId the study
     * @return the checkpoint artifacts deleted
     */
    public List<Artifact> apply(RunStore store, long studyId) {
        if (keep < 0) {
            return List.of();
        }
        Direction d = store.study(studyId).direction();
        List<Run> finished = store.listRuns(studyId, EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAILED));
        Comparator<Run> best = Comparator.comparingDouble(Run::value);
        List<Run> ranked = finished.stream().filter(r -> r.state() == TrialState.COMPLETE && r.value() != null)
                .sorted((d == Direction.MAXIMIZE ? best.reversed() : best).thenComparingInt(Run::number)).toList();
        Set<Long> kept = new HashSet<>();
        ranked.stream().limit(keep).forEach(r -> kept.add(r.id()));
        List<Artifact> dropped = new ArrayList<>();
        for (Run r : finished) {
            if (kept.contains(r.id())) {
                continue;
            }
            for (Artifact a : store.artifacts(r.id())) {
                if (a.kind() == ArtifactKind.CHECKPOINT && delete(store, a)) {
                    dropped.add(a);
                }
            }
        }
        return dropped;
    }

    private static boolean delete(RunStore store, Artifact a) {
        try {
            store.deleteArtifact(a.id());
            return true;
        } catch (NoSuchElementException raced) {
            return false;   // another worker dropped it first
        }
    }
}
