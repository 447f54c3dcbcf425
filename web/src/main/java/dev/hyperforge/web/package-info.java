/**
 * The Hyperforge dashboard: a Javalin server with a JSON REST API under {@code /api} (described at
 * {@code /api/openapi.json}) over a tracker {@link dev.hyperforge.tracker.RunStore}, static pages (plain ES modules,
 * charts by ECharts from its WebJar) and the ensemble builder page, whose selection, weights and scoring come from
 * the ensemble module ({@code dev.hyperforge.ensemble.EnsembleService}): the server only parses, calls and serialises.
 *
 * <pre>{@code
 * try (DashboardServer server = DashboardServer.start(store, ServerOptions.defaults())) {
 *     System.out.println("dashboard at " + server.url());
 *     server.awaitStop();
 * }
 * }</pre>
 */
package dev.hyperforge.web;
