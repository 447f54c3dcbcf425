/** Layers that only move values around (Keras layers/reshaping): Reshape, Permute, RepeatVector. */
package dev.hyperforge.engine.layers.reshaping;
