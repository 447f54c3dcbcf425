/** Benchmarks printed by hf bench. */
package dev.hyperforge.experiments.bench;
