/**
 * Hyperforge's engine: Keras-style functional models on ND4J. Start with {@link dev.hyperforge.engine.Input},
 * call layers from {@link dev.hyperforge.engine.layers} on the tensors, and wrap them in a
 * {@link dev.hyperforge.engine.Model}.
 */
package dev.hyperforge.engine;
