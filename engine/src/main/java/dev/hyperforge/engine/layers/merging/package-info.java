/** Layers that merge two or more inputs (Keras layers/merging): Add, Concatenate. */
package dev.hyperforge.engine.layers.merging;
