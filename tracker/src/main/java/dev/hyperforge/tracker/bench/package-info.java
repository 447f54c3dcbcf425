/** The tracker benchmark behind {@code hf bench tracker}. */
package dev.hyperforge.tracker.bench;
