package dev.hyperforge.search.bench;

import dev.hyperforge.search.space.CategoricalDistribution;
import dev.hyperforge.search.space.Condition;
import dev.hyperforge.search.space.FloatDistribution;
import dev.hyperforge.search.space.IntDistribution;
import dev.hyperforge.search.space.SearchSpace;
import java.util.Map;

/**
 * Mixed and conditional test spaces shaped like real tuning problems (a surrogate "validation error"), the Java
 * twins of {@code mlp6} and {@code cond4} in {@code shared/bench/optuna_peer.py}: the same spaces (log, int,
 * categorical and conditional parameters), the same functions and the same exact minima. Each function is a sum of
 * non-negative terms that reach 0 together, so the known minimum is exact.
 *
 * <pre>{@code
 * double v = MixedFunctions.mlp6(Map.of("lr", 1e-3, "batch", 64, "units", 256, "layers", 3,
 *         "activation", "relu", "dropout", 0.2));   // 0.08, the minimum
 * }</pre>
 */
public final class MixedFunctions {

    /** {@code mlp6}: learning rate (log), batch size (categorical), units (log int), layers, activation, dropout. */
    public static final SearchSpace MLP6_SPACE = SearchSpace.builder()
            .add("lr", FloatDistribution.log(1e-5, 1e-1))
            .add("batch", CategoricalDistribution.of(16, 32, 64, 128, 256))
            .add("units", IntDistribution.log(16, 1024))
            .add("layers", IntDistribution.linear(1, 5))
            .add("activation", CategoricalDistribution.of("relu", "tanh", "elu", "sigmoid"))
            .add("dropout", FloatDistribution.linear(0.0, 0.7))
            .build();

    /** {@code cond4}: an optimizer and, depending on it, two parameters of sgd or two of adam. */
    public static final SearchSpace COND4_SPACE = SearchSpace.builder()
            .add("optimizer", CategoricalDistribution.of("sgd", "adam"))
            .add("sgd_lr", FloatDistribution.log(1e-4, 1.0), Condition.oneOf("optimizer", "sgd"))
            .add("momentum", FloatDistribution.linear(0.0, 0.99), Condition.oneOf("optimizer", "sgd"))
            .add("adam_lr", FloatDistribution.log(1e-5, 1e-1), Condition.oneOf("optimizer", "adam"))
            .add("beta2", FloatDistribution.linear(0.9, 0.9999), Condition.oneOf("optimizer", "adam"))
            .build();

    private static final Map<String, Double> ACTIVATION_PENALTY = Map.of("relu", 0.0, "elu", 0.01, "tanh", 0.03,
            "sigmoid", 0.08);

    private MixedFunctions() {
    }

    /**
     * The best learning rate moves with the batch size, the best width and dropout with the depth.
     *
     * @param p parameters of {@link #MLP6_SPACE}
     * @return the surrogate error, at least 0.08 (relu, 3 layers, 256 units, dropout 0.2, lr 1e-3 at batch 64)
     */
    public static double mlp6(Map<String, Object> p) {
        int batch = ((Number) p.get("batch")).intValue();
        int layers = ((Number) p.get("layers")).intValue();
        double lr = ((Number) p.get("lr")).doubleValue();
        double units = ((Number) p.get("units")).doubleValue();
        double dropout = ((Number) p.get("dropout")).doubleValue();
        double lrBest = -3 + 0.3 * log2(batch / 64.0);
        double unitsBest = 8 - 0.5 * (layers - 3);
        return 0.08 + ACTIVATION_PENALTY.get((String) p.get("activation"))
                + 0.05 * Math.pow(Math.log10(lr) - lrBest, 2)
                + 0.02 * Math.pow(log2(units) - unitsBest, 2) + 0.01 * Math.pow(layers - 3, 2)
                + 0.3 * Math.pow(dropout - 0.1 - 0.05 * (layers - 1), 2);
    }

    /**
     * Two branches; only the chosen optimizer's parameters exist.
     *
     * @param p parameters of {@link #COND4_SPACE}
     * @return the surrogate error, at least 0.09 (adam, lr 1e-3, beta2 0.999); sgd's branch is at least 0.1
     */
    public static double cond4(Map<String, Object> p) {
        if ("sgd".equals(p.get("optimizer"))) {
            return 0.1 + 0.04 * Math.pow(Math.log10(number(p, "sgd_lr")) + 1.5, 2)
                    + 0.5 * Math.pow(number(p, "momentum") - 0.9, 2);
        }
        return 0.09 + 0.04 * Math.pow(Math.log10(number(p, "adam_lr")) + 3, 2)
                + 0.02 * Math.pow(Math.log10(1 - number(p, "beta2")) + 3, 2);
    }

    private static double number(Map<String, Object> p, String name) {
        return ((Number) p.get(name)).doubleValue();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
