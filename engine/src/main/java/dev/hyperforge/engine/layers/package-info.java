/**
 * The layer API: {@link dev.hyperforge.engine.layers.Layer} (shape inference, build, forward, backward,
 * config), its {@link dev.hyperforge.engine.layers.Param}s and per-call
 * {@link dev.hyperforge.engine.layers.LayerContext}, argument parsing and activations. The built-in
 * layers live in one sub-package per family, as in Keras: {@code core}, {@code convolutional},
 * {@code pooling}, {@code recurrent}, {@code merging}, {@code normalization}.
 */
package dev.hyperforge.engine.layers;
