/**
 * Hyperforge search: studies ({@link dev.hyperforge.search.Study}) that ask a sampler for parameters, run
 * objectives on several workers, prune from intermediate values and keep every trial in a
 * {@link dev.hyperforge.search.storage.StudyStorage}. No dependency on models, databases or the web.
 */
package dev.hyperforge.search;
