/** Engine: optimizers. */
package dev.hyperforge.engine.optimizers;
