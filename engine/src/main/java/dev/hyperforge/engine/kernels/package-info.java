/**
 * Numeric kernels behind the layers: native-op wrappers for convolution and pooling, column (im2col)
 * fills, matrix products, the LSTM step loops, sparse row gradients, host-array copies, the
 * per-call reusable arrays and the thread pool. Public so that layers in every family package can use
 * them; they are an implementation detail of the engine, not a stable API for models.
 *
 * <p>{@link dev.hyperforge.engine.kernels.Numerics} is the engine's numerics level: a kernel that becomes faster
 * at the price of different last bits does so at a new level, so that runs recorded at an older level still
 * retrain bit-identically (runs record their level; a replay sets it).
 */
package dev.hyperforge.engine.kernels;
