/** Hyperforge engine module. */
package dev.hyperforge.engine;
