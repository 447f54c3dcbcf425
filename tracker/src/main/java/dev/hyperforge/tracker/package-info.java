/** Hyperforge tracker module. */
package dev.hyperforge.tracker;
