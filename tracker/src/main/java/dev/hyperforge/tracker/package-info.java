/**
 * Hyperforge tracker: the product's memory of studies, trials/runs, parameters, metrics, artifacts and
 * provenance.
 *
 * <p>The entry type is {@link dev.hyperforge.tracker.RunStore}; its implementations are
 * {@link dev.hyperforge.tracker.jdbc.JdbcRunStore} (H2 embedded/server or PostgreSQL, opened through
 * {@link dev.hyperforge.tracker.jdbc.Database}) and {@link dev.hyperforge.tracker.memory.InMemoryRunStore}
 * for tests. Everything a store hands out is an immutable snapshot; finished runs never change.
 *
 * <pre>{@code
 * try (Database db = Database.open(Database.resolveUrl(null))) {
 *     RunStore store = new JdbcRunStore(db);
 *     StudyRecord study = store.createOrGetStudy(new StudySpec("mnist", Direction.MINIMIZE, "random", "{}", 42));
 *     Run run = store.startRun(study.id(), provenance);
 *     store.setParams(run.id(), List.of(ParamValue.ofFloat("lr", 1e-3, "{\"type\":\"log-float\"}")));
 *     store.logMetrics(run.id(), List.of(MetricPoint.now("val_loss", 0, 0.41)));
 *     store.finishRun(run.id(), TrialState.COMPLETE, 0.41, null);
 * }
 * }</pre>
 */
package dev.hyperforge.tracker;

