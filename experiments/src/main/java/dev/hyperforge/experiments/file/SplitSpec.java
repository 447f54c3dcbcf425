package dev.hyperforge.experiments.file;

/**
 * How the loaded data is split for validation.
 *
 * <ul>
 * <li>{@link Kind#NONE}: no split here (fit's own {@code validation_split} may still hold data out);</li>
 * <li>{@link Kind#HOLDOUT}: the last {@code fraction} of the (shuffled) training data validates;</li>
 * <li>{@link Kind#TEST_SET}: the loader's test set validates;</li>
 * <li>{@link Kind#KFOLD}: {@code folds}-fold cross-validation; the score is the mean over folds.</li>
 * </ul>
 *
 * <pre>{@code
 * SplitSpec s = SplitSpec.kfold(4);
 * }</pre>
 *
 * @param kind the kind
 * @param fraction the validation fraction (HOLDOUT), else 0
 * @param folds the number of folds (KFOLD), else 0
 */
public record SplitSpec(Kind kind, double fraction, int folds) {
    /** Kinds of split. */
    public enum Kind {
        /** No split. */
        NONE,
        /** Hold a fraction of the training data out. */
        HOLDOUT,
        /** Validate on the loader's test set. */
        TEST_SET,
        /** K-fold cross-validation. */
        KFOLD
    }

    /** Validates per kind. */
    public SplitSpec {
        if (kind == null) {
            throw new IllegalArgumentException("a split needs a kind");
        }
        if (kind == Kind.HOLDOUT && !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation must be a fraction strictly between 0 and 1, received " + fraction);
        }
        if (kind == Kind.KFOLD && folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, received " + folds);
        }
    }

    /** No split. */
    public static SplitSpec none() {
        return new SplitSpec(Kind.NONE, 0, 0);
    }

    /** Hold out a fraction. */
    public static SplitSpec holdout(double fraction) {
        return new SplitSpec(Kind.HOLDOUT, fraction, 0);
    }

    /** Validate on the loader's test set. */
    public static SplitSpec testSet() {
        return new SplitSpec(Kind.TEST_SET, 0, 0);
    }

    /** K-fold cross-validation. */
    public static SplitSpec kfold(int k) {
        return new SplitSpec(Kind.KFOLD, 0, k);
    }

    /** Whether this split produces validation data. */
    public boolean validates() {
        return kind != Kind.NONE;
    }
}
