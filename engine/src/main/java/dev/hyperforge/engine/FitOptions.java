package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.hyperforge.engine.callbacks.Callback;

/**
 * Settings of one {@code fit} call. Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * FitOptions o = FitOptions.builder().epochs(20).batchSize(512).validationSplit(0.2).seed(7).build();
 * }</pre>
 */
public final class FitOptions {
    private final int epochs;
    private final int batchSize;
    private final double validationSplit;
    private final Object validationX;
    private final Object validationY;
    private final boolean shuffle;
    private final long seed;
    private final List<Callback> callbacks;
    private final boolean progress;
    private final Map<Integer, Double> classWeight;
    private final double[] sampleWeight;

    private FitOptions(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.validationSplit = b.validationSplit;
        this.validationX = b.validationX;
        this.validationY = b.validationY;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.callbacks = List.copyOf(b.callbacks);
        this.progress = b.progress;
        this.classWeight = b.classWeight == null ? null : Map.copyOf(b.classWeight);
        this.sampleWeight = b.sampleWeight == null ? null : b.sampleWeight.clone();
    }

    /** A builder with Keras's defaults (1 epoch, batch 32, shuffle, seed 0, no validation). */
    public static Builder builder() {
        return new Builder();
    }

    /** Number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Samples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Fraction of the (last) samples held out for validation; 0 for none. */
    public double validationSplit() {
        return validationSplit;
    }

    /** Explicit validation inputs, or null. */
    public Object validationX() {
        return validationX;
    }

    /** Explicit validation targets, or null. */
    public Object validationY() {
        return validationY;
    }

    /** Whether to shuffle the training samples each epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** Seed for shuffling and dropout. */
    public long seed() {
        return seed;
    }

    /** User callbacks. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** Whether to show a progress bar (only shown on a terminal). */
    public boolean progress() {
        return progress;
    }

    /** Keras' {@code class_weight}: class id → weight of its samples' losses and metrics (others 1), or null. */
    public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    /** Keras' {@code sample_weight}: one weight per training row (before any validation split), or null. */
    public double[] sampleWeight() {
        return sampleWeight == null ? null : sampleWeight.clone();
    }

    /** Builder of {@link FitOptions}. */
    public static final class Builder {
        private int epochs = 1;
        private int batchSize = 32;
        private double validationSplit;
        private Object validationX;
        private Object validationY;
        private boolean shuffle = true;
        private long seed;
        private final List<Callback> callbacks = new ArrayList<>();
        private boolean progress;
        private Map<Integer, Double> classWeight;
        private double[] sampleWeight;

        /** Number of epochs (≥ 1). */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, received " + n);
            }
            this.epochs = n;
            return this;
        }

        /** Batch size (≥ 1). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, received " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Fraction in [0, 1) of the last samples to validate on. */
        public Builder validationSplit(double f) {
            if (!(f >= 0 && f < 1)) {
                throw new IllegalArgumentException("validation split must be in [0, 1), received " + f);
            }
            this.validationSplit = f;
            return this;
        }

        /** Explicit validation data (same forms as fit's x and y). */
        public Builder validationData(Object x, Object y) {
            this.validationX = x;
            this.validationY = y;
            return this;
        }

        /** Shuffle each epoch (default true). */
        public Builder shuffle(boolean s) {
            this.shuffle = s;
            return this;
        }

        /** Seed for shuffling and dropout. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Adds callbacks. */
        public Builder callbacks(Callback... cbs) {
            callbacks.addAll(List.of(cbs));
            return this;
        }

        /** Adds callbacks. */
        public Builder callbacks(List<? extends Callback> cbs) {
            callbacks.addAll(cbs);
            return this;
        }

        /** Show a Keras-like progress bar when writing to a terminal. */
        public Builder progress(boolean p) {
            this.progress = p;
            return this;
        }

        /**
         * Weighs each training sample's loss and metrics by its class's weight (Keras' {@code class_weight}):
         * the class is the target's arg-max for one-hot targets, else the rounded target (sparse ids, binary
         * 0/1); classes not listed weigh 1. Only for single-output models; not with {@link #sampleWeight}.
         */
        public Builder classWeight(Map<Integer, ? extends Number> weights) {
            Map<Integer, Double> m = new TreeMap<>();
            weights.forEach((k, v) -> m.put(k, checkWeight("class_weight for class " + k, v.doubleValue())));
            this.classWeight = m;
            return this;
        }

        /**
         * Weighs each training row's loss and metrics (Keras' {@code sample_weight}): the loss is
         * {@code Σ w·loss / n}, a metric {@code Σ w·m / Σ w}; with a validation split the last rows' weights
         * weigh the validation metrics.
         */
        public Builder sampleWeight(double[] weights) {
            for (int i = 0; i < weights.length; i++) {
                checkWeight("sample_weight[" + i + "]", weights[i]);
            }
            this.sampleWeight = weights.clone();
            return this;
        }

        private static double checkWeight(String what, double w) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(what + " must be a finite number >= 0, received " + w);
            }
            return w;
        }

        /** The immutable options. */
        public FitOptions build() {
            if (classWeight != null && sampleWeight != null) {
                throw new IllegalArgumentException("give either class_weight or sample_weight, not both (as Keras)");
            }
            if (validationSplit > 0 && validationX != null) {
                throw new IllegalArgumentException("give either a validation split or validation data, not both");
            }
            if ((validationX == null) != (validationY == null)) {
                throw new IllegalArgumentException("validation data needs both x and y");
            }
            return new FitOptions(this);
        }
    }
}
