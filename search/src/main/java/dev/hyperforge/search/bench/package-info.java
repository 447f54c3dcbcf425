/** The sampler benchmark ({@code hf bench search}): simple regret on test functions with known optima. */
package dev.hyperforge.search.bench;
