/**
 * Search spaces: named {@link dev.hyperforge.search.space.Distribution}s (float, int, categorical, simplex),
 * conditional parameters and the unit-cube encoding that every sampler works on.
 */
package dev.hyperforge.search.space;
