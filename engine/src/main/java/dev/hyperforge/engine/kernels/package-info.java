/**
 * Numeric kernels behind the layers: native-op wrappers for convolution and pooling, column (im2col)
 * fills, matrix products, the LSTM step loops, sparse row gradients, host-array copies, the
 * per-call reusable arrays and the thread pool. Public so that layers in every family package can use
 * them; they are an implementation detail of the engine, not a stable API for models.
 */
package dev.hyperforge.engine.kernels;
