/**
 * Ensembles of tracked runs built from their stored validation predictions: weighted combination and scoring
 * ({@link dev.hyperforge.ensemble.EnsembleMath}), greedy selection with replacement
 * ({@link dev.hyperforge.ensemble.GreedySelection}), weights optimised by the search module's GP sampler
 * ({@link dev.hyperforge.ensemble.WeightOptimizer}), and loading, building and saving through the tracker
 * ({@link dev.hyperforge.ensemble.EnsembleService}).
 *
 * <p>This is the one place of ensemble logic: {@code hf ensemble} (experiments) and the dashboard's ensemble
 * endpoints (web) both call {@link dev.hyperforge.ensemble.EnsembleService} and only parse requests and print or
 * serialise its results. The package depends on the tracker (stored predictions, saved ensembles) and on search
 * (the weight optimiser), never on the web server, the engine or ND4J.
 *
 * <pre>{@code
 * EnsembleService ensembles = new EnsembleService(store);
 * EnsembleResult r = ensembles.build(List.of(3L, 5L, 7L), EnsembleMethod.GREEDY, null, EnsembleService.Options.defaults());
 * System.out.println(r.evaluation().score() + " vs best single " + r.bestSingle().score());
 * }</pre>
 */
package dev.hyperforge.ensemble;
