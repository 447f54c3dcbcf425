/** A user-style layer outside the engine (the example of docs/adding-a-layer.md) and its plug-in provider. */
package dev.hyperforge.engine.layers.example;
