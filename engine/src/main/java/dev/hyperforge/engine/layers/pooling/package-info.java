/** Pooling layers (Keras layers/pooling): windowed and global max/average pooling. */
package dev.hyperforge.engine.layers.pooling;
