/**
 * Learning-rate schedules evaluated per optimizer step (Keras' {@code keras.optimizers.schedules}).
 *
 * <pre>{@code
 * Optimizer opt = new Adam(0.01).learningRate(new ExponentialDecay(0.01, 100, 0.5, false));
 * }</pre>
 */
package dev.hyperforge.engine.optimizers.schedules;
