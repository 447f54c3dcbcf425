/**
 * Export of runs and studies as a table, CSV or JSON ({@code hf runs}, {@code hf studies}), streamed so a study
 * of any size is written without holding it in memory.
 */
package dev.hyperforge.tracker.export;
