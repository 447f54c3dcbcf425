/** An in-memory {@link dev.hyperforge.tracker.RunStore} for tests; it passes the same contract suite. */
package dev.hyperforge.tracker.memory;
