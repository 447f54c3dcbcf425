package dev.hyperforge.experiments.file;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code compile} section. Loss, loss weights and metrics are templates in the forms
 * {@code Model.compile} accepts: a single value for every output, a list in output order, or a map by
 * output name; any leaf may be a {@link ParamRef}.
 *
 * <pre>{@code
 * CompileSpec c = new CompileSpec(Setting.of("rmsprop"), Setting.of(1e-3), "categorical_crossentropy", null, List.of("accuracy"));
 * }</pre>
 *
 * @param optimizer optimizer name (rmsprop, adam, sgd)
 * @param learningRate learning rate
 * @param loss loss template (required)
 * @param lossWeights loss weight template, or null for all 1
 * @param metrics metrics template, or null for none
 * @param optimizerArgs the optimizer's other Keras arguments ({@code weight_decay}, {@code beta_1}, {@code clipnorm}, …, and
 *     {@code learning_rate} when it is a schedule {@code {type: CosineDecay, …}}), a template; empty for none
 */
public record CompileSpec(Setting<String> optimizer, Setting<Double> learningRate, Object loss, Object lossWeights, Object metrics,
        Map<String, Object> optimizerArgs) {
    /** Without optimizer arguments beyond the learning rate. */
    public CompileSpec(Setting<String> optimizer, Setting<Double> learningRate, Object loss, Object lossWeights, Object metrics) {
        this(optimizer, learningRate, loss, lossWeights, metrics, Map.of());
    }

    /** Validates and freezes the templates. */
    @SuppressWarnings("unchecked")
    public CompileSpec {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(learningRate, "learningRate");
        if (loss == null) {
            throw new IllegalArgumentException("compile needs a loss");
        }
        if (!learningRate.isRef() && !(learningRate.value() > 0)) {
            throw new IllegalArgumentException("learning_rate must be positive, received " + learningRate.value());
        }
        loss = Params.freeze(loss);
        lossWeights = Params.freeze(lossWeights);
        metrics = Params.freeze(metrics);
        optimizerArgs = (Map<String, Object>) Params.freeze(optimizerArgs == null ? Map.of() : optimizerArgs);
    }
}
