/** Engine: layers. */
package dev.hyperforge.engine.layers;
