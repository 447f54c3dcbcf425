package dev.hyperforge.engine.callbacks;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

import dev.hyperforge.engine.Model;

/**
 * Stops training when a monitored metric has stopped improving, with Keras's semantics: an epoch
 * improves when the value beats the best so far by more than {@code minDelta}; after {@code patience}
 * epochs in a row without improvement (and never at epoch 0) the model is asked to stop. With a
 * {@code baseline}, an improvement only resets the patience count if it also beats the baseline. With
 * {@code restoreBestWeights}, the weights of the best epoch are put back when training ends (whether
 * it stopped early or not).
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).build();
 * model.fit(x, y, FitOptions.builder().epochs(100).validationSplit(0.2).callbacks(stop).build());
 * int stoppedAt = stop.stoppedEpoch();   // 0-based, or -1 if it ran all epochs
 * }</pre>
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private final Double baseline;
    private Model model;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private double best;
    private boolean hasBest;
    private List<INDArray> bestWeights;

    /** Keras defaults: monitor {@code val_loss}, patience 0, min delta 0, mode auto. */
    public EarlyStopping() {
        this(builder());
    }

    /** Watches {@code monitor} with the given patience and mode (min delta 0, no restoring). */
    public EarlyStopping(String monitor, int patience, Mode mode) {
        this(builder().monitor(monitor).patience(patience).mode(mode));
    }

    private EarlyStopping(Builder b) {
        if (b.patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, received " + b.patience);
        }
        if (b.baseline != null && !Double.isFinite(b.baseline)) {
            throw new IllegalArgumentException("EarlyStopping: baseline must be a finite number, received " + b.baseline);
        }
        this.monitor = new Monitor("EarlyStopping", b.monitor, b.mode, b.minDelta);
        this.patience = b.patience;
        this.restoreBestWeights = b.restoreBestWeights;
        this.baseline = b.baseline;
        reset();
    }

    /** A builder with Keras's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private void reset() {
        wait = 0;
        stoppedEpoch = -1;
        bestEpoch = -1;
        best = monitor.worst();
        hasBest = false;
        bestWeights = null;
    }

    /**
     * From Keras-style arguments: monitor, min_delta, patience, mode (min, max, auto), restore_best_weights,
     * baseline.
     */
    public static EarlyStopping fromConfig(Map<String, Object> a) {
        Builder b = builder();
        if (a.containsKey("monitor")) {
            b.monitor(String.valueOf(a.get("monitor")));
        }
        if (a.containsKey("min_delta")) {
            b.minDelta(((Number) a.get("min_delta")).doubleValue());
        }
        if (a.containsKey("patience")) {
            b.patience(((Number) a.get("patience")).intValue());
        }
        b.mode(Mode.parse(String.valueOf(a.getOrDefault("mode", "auto"))));
        if (a.containsKey("restore_best_weights")) {
            b.restoreBestWeights(Boolean.TRUE.equals(a.get("restore_best_weights")));
        }
        if (a.containsKey("baseline")) {
            b.baseline(((Number) a.get("baseline")).doubleValue());
        }
        return b.build();
    }

    @Override
    public void setModel(Model m) {
        this.model = m;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double current = monitor.value(logs);
        Model m = requireModel();
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = m.getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (!hasBest || monitor.improves(current, best)) {
            best = current;
            hasBest = true;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = m.getWeights();
            }
            if (baseline == null || monitor.improves(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            m.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (restoreBestWeights && bestWeights != null) {
            requireModel().setWeights(bestWeights);
        }
    }

    private Model requireModel() {
        if (model == null) {
            throw new IllegalStateException("EarlyStopping is not attached to a model; pass it to fit with FitOptions.builder().callbacks(...)");
        }
        return model;
    }

    /** The 0-based epoch at which training was stopped, or -1 if it was not stopped. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The 0-based epoch with the best value so far, or -1 before the first epoch. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best value so far (infinite before the first epoch). */
    public double best() {
        return best;
    }

    /** The watched metric. */
    public String monitor() {
        return monitor.metric();
    }

    /** Builder of {@link EarlyStopping}. */
    public static final class Builder {
        private String monitor = "val_loss";
        private double minDelta;
        private int patience;
        private Mode mode = Mode.AUTO;
        private boolean restoreBestWeights;
        private Double baseline;

        private Builder() {
        }

        /** The log key to watch (default {@code val_loss}). */
        public Builder monitor(String m) {
            this.monitor = m;
            return this;
        }

        /** The least change that counts as an improvement (default 0). */
        public Builder minDelta(double d) {
            this.minDelta = d;
            return this;
        }

        /** Epochs without improvement before stopping (default 0). */
        public Builder patience(int p) {
            this.patience = p;
            return this;
        }

        /** Direction of improvement (default AUTO). */
        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** Put back the best epoch's weights when training ends (default false). */
        public Builder restoreBestWeights(boolean r) {
            this.restoreBestWeights = r;
            return this;
        }

        /** A value the metric must beat for the patience count to reset (default none). */
        public Builder baseline(double b) {
            this.baseline = b;
            return this;
        }

        /** The callback. */
        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
