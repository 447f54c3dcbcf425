/** Hyperforge experiments module. */
package dev.hyperforge.experiments;
