/**
 * Pruners: stop unpromising trials early from their intermediate values (median, successive halving / ASHA,
 * Hyperband).
 */
package dev.hyperforge.search.pruner;
