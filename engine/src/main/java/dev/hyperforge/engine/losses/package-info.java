/** Engine: losses. */
package dev.hyperforge.engine.losses;
