/** Activation layers (Keras layers/activations): {@code Activation} and {@code LeakyReLU}. */
package dev.hyperforge.engine.layers.activations;
