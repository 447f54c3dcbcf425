package dev.hyperforge.engine;

/**
 * What a {@link Node} applies: seen from the symbolic graph ({@link Tensor}, {@link Node}) only by its
 * name and description, so those types do not depend on the layer API. Every
 * {@link dev.hyperforge.engine.layers.Layer} is an operation (as in Keras, where {@code Layer} extends
 * {@code Operation}); the model's graph code turns a node's operation back into its layer.
 *
 * <pre>{@code
 * Tensor h = new Dense(10).named("hidden").call(Input.of("x", 3));
 * h.producer().describe();   // "Dense 'hidden'"
 * }</pre>
 */
public interface Operation {
    /** The operation's name, unique within a model; null until assigned. */
    String name();

    /** How errors name the operation, e.g. {@code Dense 'income'}. */
    String describe();
}
