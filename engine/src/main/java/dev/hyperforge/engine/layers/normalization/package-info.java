/** Normalization layers (Keras layers/normalization): BatchNormalization. */
package dev.hyperforge.engine.layers.normalization;
