/**
 * Samplers: pure functions from a trial's history to its parameters (random, Latin hypercube, genetic over
 * Jenetics, Gaussian-process Bayesian optimisation, TPE).
 */
package dev.hyperforge.search.sampler;
