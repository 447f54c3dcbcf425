/** Core layers (Keras layers/core): Dense, Embedding, Flatten, Dropout and the InputLayer behind Input.of. */
package dev.hyperforge.engine.layers.core;
