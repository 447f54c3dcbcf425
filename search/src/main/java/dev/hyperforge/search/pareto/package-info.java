/**
 * Pareto-front mathematics for multi-objective search, in loss form (every objective minimised): non-dominated
 * sorting, crowding distance, constrained domination ({@link dev.hyperforge.search.pareto.Pareto}) and the
 * hypervolume indicator ({@link dev.hyperforge.search.pareto.Hypervolume}).
 */
package dev.hyperforge.search.pareto;
