/** Engine: callbacks. */
package dev.hyperforge.engine.callbacks;
