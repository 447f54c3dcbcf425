/**
 * Ensembles of tracked runs built from their stored validation predictions: weighted combination
 * ({@link dev.hyperforge.web.ensemble.EnsembleMath}), greedy selection with replacement
 * ({@link dev.hyperforge.web.ensemble.GreedySelection}), weights optimised by the search module
 * ({@link dev.hyperforge.web.ensemble.WeightOptimizer}), and loading/saving through the tracker
 * ({@link dev.hyperforge.web.ensemble.EnsembleService}).
 */
package dev.hyperforge.web.ensemble;
