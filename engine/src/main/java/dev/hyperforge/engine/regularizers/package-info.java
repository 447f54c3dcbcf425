/**
 * Weight and activity penalties (Keras' L1, L2, L1L2) that layers add to the total loss.
 *
 * <pre>{@code
 * new Dense(10).regularize("kernel_regularizer", Regularizer.l2(1e-4));
 * }</pre>
 */
package dev.hyperforge.engine.regularizers;
