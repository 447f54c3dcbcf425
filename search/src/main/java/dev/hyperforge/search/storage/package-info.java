/**
 * Study storage: the {@link dev.hyperforge.search.storage.StudyStorage} contract that lets several workers and
 * JVMs share one study, and its in-memory implementation.
 */
package dev.hyperforge.search.storage;
