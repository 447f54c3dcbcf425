/**
 * Internal maths of the search module (Gaussian process, acquisition functions, dense linear algebra,
 * L-BFGS, seeds). Not an API: may change without notice.
 */
package dev.hyperforge.search.internal;
