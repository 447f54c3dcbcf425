/** Bridges between the engine, search and tracker: the tracked study storage and the tracking callback. */
package dev.hyperforge.experiments.tracking;
