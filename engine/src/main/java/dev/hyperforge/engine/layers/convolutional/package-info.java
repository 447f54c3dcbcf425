/** Convolutions over sequences and images (Keras layers/convolutional), channels last: Conv1D, Conv2D and their separable forms. */
package dev.hyperforge.engine.layers.convolutional;
