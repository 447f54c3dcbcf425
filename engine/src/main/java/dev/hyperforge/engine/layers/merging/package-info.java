/** Layers that merge two or more inputs (Keras layers/merging): Add, Concatenate, Multiply, Subtract, Average, Maximum, Minimum, Dot. */
package dev.hyperforge.engine.layers.merging;
