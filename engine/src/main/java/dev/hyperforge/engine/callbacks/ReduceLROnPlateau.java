package dev.hyperforge.engine.callbacks;

import java.util.Map;

import dev.hyperforge.engine.Model;
import dev.hyperforge.engine.optimizers.Optimizer;

/**
 * Multiplies the learning rate by {@code factor} when a monitored metric has not improved (by more
 * than {@code minDelta}) for {@code patience} epochs, with Keras's semantics: after a reduction the
 * callback waits {@code cooldown} epochs before counting again, and the rate never goes below
 * {@code minLr} (a rate already at or below it is left alone).
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.2).patience(5).minLr(1e-5).build();
 * model.fit(x, y, FitOptions.builder().epochs(50).validationSplit(0.2).callbacks(plateau).build());
 * }</pre>
 */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;
    private Model model;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** Keras defaults: val_loss, factor 0.1, patience 10, mode auto, min delta 1e-4, cooldown 0, min lr 0. */
    public ReduceLROnPlateau() {
        this(builder());
    }

    private ReduceLROnPlateau(Builder b) {
        if (!(b.factor > 0 && b.factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), received " + b.factor);
        }
        if (b.patience < 0 || b.cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, received " + b.patience + " and " + b.cooldown);
        }
        if (!(b.minLr >= 0) || Double.isInfinite(b.minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be a number >= 0, received " + b.minLr);
        }
        this.monitor = new Monitor("ReduceLROnPlateau", b.monitor, b.mode, b.minDelta);
        this.factor = b.factor;
        this.patience = b.patience;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
        reset();
    }

    /** A builder with Keras's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    private void reset() {
        best = monitor.worst();
        wait = 0;
        cooldownCounter = 0;
    }

    /** From Keras-style arguments: monitor, factor, patience, mode, min_delta, cooldown, min_lr. */
    public static ReduceLROnPlateau fromConfig(Map<String, Object> a) {
        Builder b = builder();
        if (a.containsKey("monitor")) {
            b.monitor(String.valueOf(a.get("monitor")));
        }
        if (a.containsKey("factor")) {
            b.factor(((Number) a.get("factor")).doubleValue());
        }
        if (a.containsKey("patience")) {
            b.patience(((Number) a.get("patience")).intValue());
        }
        b.mode(Mode.parse(String.valueOf(a.getOrDefault("mode", "auto"))));
        if (a.containsKey("min_delta")) {
            b.minDelta(((Number) a.get("min_delta")).doubleValue());
        }
        if (a.containsKey("cooldown")) {
            b.cooldown(((Number) a.get("cooldown")).intValue());
        }
        if (a.containsKey("min_lr")) {
            b.minLr(((Number) a.get("min_lr")).doubleValue());
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
        if (model == null) {
            throw new IllegalStateException("ReduceLROnPlateau is not attached to a model; pass it to fit with FitOptions.builder().callbacks(...)");
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improves(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                Optimizer opt = model.optimizer();
                double old = opt.learningRate();
                if (old > minLr) {
                    opt.setLearningRate(Math.max(old * factor, minLr));
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    /** The best value so far. */
    public double best() {
        return best;
    }

    /** Epochs without improvement counted so far. */
    public int waitCount() {
        return wait;
    }

    /** Builder of {@link ReduceLROnPlateau}. */
    public static final class Builder {
        private String monitor = "val_loss";
        private double factor = 0.1;
        private int patience = 10;
        private Mode mode = Mode.AUTO;
        private double minDelta = 1e-4;
        private int cooldown;
        private double minLr;

        private Builder() {
        }

        /** The log key to watch (default {@code val_loss}). */
        public Builder monitor(String m) {
            this.monitor = m;
            return this;
        }

        /** New rate = rate · factor, in (0, 1) (default 0.1). */
        public Builder factor(double f) {
            this.factor = f;
            return this;
        }

        /** Epochs without improvement before reducing (default 10). */
        public Builder patience(int p) {
            this.patience = p;
            return this;
        }

        /** Direction of improvement (default AUTO). */
        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** The least change that counts as an improvement (default 1e-4). */
        public Builder minDelta(double d) {
            this.minDelta = d;
            return this;
        }

        /** Epochs to wait after a reduction before counting again (default 0). */
        public Builder cooldown(int c) {
            this.cooldown = c;
            return this;
        }

        /** Lower bound of the learning rate (default 0). */
        public Builder minLr(double m) {
            this.minLr = m;
            return this;
        }

        /** The callback. */
        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
