/** Attention layers (Keras layers/attention): multi-head dot-product attention. */
package dev.hyperforge.engine.layers.attention;
