package dev.hyperforge.web;

import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.tracker.RunStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard: static pages (from the classpath, {@code /public}), ECharts from its WebJar and the JSON API under
 * {@code /api}, described by {@code /api/openapi.json}. What {@code hf serve} starts.
 *
 * <pre>{@code
 * DashboardServer server = DashboardServer.start(store, ServerOptions.resolve(host, port, token, System.getenv()));
 * System.out.println("dashboard at " + server.url());
 * server.awaitStop();   // until stop() or Ctrl-C
 * }</pre>
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String ERROR_ATTR = "hf.error";
    /** The largest request body read (Javalin's limit); larger ones answer 413. */
    static final long MAX_BODY_BYTES = 1_000_000;

    /**
     * One API route.
     *
     * @param method HTTP method
     * @param path path with {@code {param}} placeholders (OpenAPI syntax)
     */
    public record Route(String method, String path) {
    }

    private final Javalin app;
    private final ServerOptions options;
    private final List<Route> routes = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private StudyApi studyApi;

    /** The requests in flight, which the background work of the study views yields to. */
    private final Foreground foreground = new Foreground();

    private DashboardServer(RunStore store, ServerOptions options, AskTell askTell) {
        this.options = options;
        Security security = new Security(options);
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            JettySetup.configure(config, options);
        });
        app.before(security::before);
        register(store, askTell);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), httpMessage(ctx, e)));
        app.exception(NoSuchElementException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(IllegalStateException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error; see the server log");
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_ATTR) == null) {
                error(ctx, 404, notFound(ctx));
            }
        });
    }

    private static String notFound(Context ctx) {
        return ctx.path().startsWith("/api") ? "no endpoint " + ctx.method() + " " + ctx.path()
                + "; see /api/openapi.json" : "no page " + ctx.path() + "; the dashboard starts at /";
    }

    /** The message for an error Javalin raises itself (body too large, method not allowed, bad request). */
    private static String httpMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> notFound(ctx);
            case 413 -> "request body too large: at most " + MAX_BODY_BYTES + " bytes";
            case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path() + "; see /api/openapi.json";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "request rejected" : e.getMessage();
        };
    }

    private void register(RunStore store, AskTell askTell) {
        StudyApi studies = new StudyApi(store, foreground);
        studyApi = studies;
        AskTellApi asks = new AskTellApi(store, askTell);
        RunApi runs = new RunApi(store);
        EnsembleApi ensembles = new EnsembleApi(store, new EnsembleService(store));
        String openApi = resource("openapi.json");
        route(HandlerType.GET, "/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        route(HandlerType.GET, "/api/studies", studies::list);
        route(HandlerType.GET, "/api/studies/{studyId}", studies::get);
        route(HandlerType.GET, "/api/studies/{studyId}/runs", studies::runs);
        route(HandlerType.GET, "/api/studies/{studyId}/history", studies::history);
        route(HandlerType.GET, "/api/studies/{studyId}/importance", studies::importance);
        route(HandlerType.GET, "/api/studies/{studyId}/points", studies::points);
        route(HandlerType.GET, "/api/studies/{studyId}/trials", studies::trials);
        route(HandlerType.GET, "/api/studies/{studyId}/front", studies::front);
        route(HandlerType.GET, "/api/studies/{studyId}/ensemble-candidates", ensembles::candidates);
        route(HandlerType.GET, "/api/studies/{studyId}/ensembles", ensembles::list);
        route(HandlerType.DELETE, "/api/studies/{studyId}/ensembles/{name}", ensembles::delete);
        route(HandlerType.GET, "/api/runs/{runId}", runs::get);
        route(HandlerType.GET, "/api/runs/{runId}/metrics", runs::metrics);
        route(HandlerType.GET, "/api/runs/{runId}/artifacts/{artifactId}", runs::artifact);
        route(HandlerType.PUT, "/api/runs/{runId}/note", runs::note);
        route(HandlerType.PUT, "/api/runs/{runId}/tags/{key}", runs::tag);
        route(HandlerType.GET, "/api/compare", runs::compare);
        route(HandlerType.POST, "/api/ensembles/evaluate", ensembles::evaluate);
        route(HandlerType.POST, "/api/ensembles", ensembles::save);
        route(HandlerType.POST, "/api/studies/{studyId}/ask", asks::ask);
        route(HandlerType.POST, "/api/runs/{runId}/tell", asks::tell);
        route(HandlerType.POST, "/api/runs/{runId}/metrics", asks::metrics);
    }

    private void route(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method.name().toLowerCase(java.util.Locale.ROOT), path));
        app.addHttpHandler(method, path, ctx -> {
            foreground.enter();
            try {
                handler.handle(ctx);
            } finally {
                foreground.exit();
            }
        });
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute(ERROR_ATTR, true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message == null ? "error" : message);
        ctx.status(status).json(body);
    }

    private static String resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource dev/hyperforge/web/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the dashboard over a store (the server does not close the store).
     *
     * @param store the tracker
     * @param options host, port (0 for an ephemeral one) and token
     * @return the running server
     */
    public static DashboardServer start(RunStore store, ServerOptions options) {
        return start(store, options, null);
    }

    /**
     * Starts the dashboard with the writes of studies driven from outside ({@code POST /api/studies/{id}/ask},
     * {@code /api/runs/{id}/tell}, {@code /api/runs/{id}/metrics}) served by {@code askTell}.
     *
     * @param store the tracker
     * @param options host, port (0 for an ephemeral one) and token
     * @param askTell the study logic behind ask/tell, or null: those endpoints answer 404
     * @return the running server
     */
    public static DashboardServer start(RunStore store, ServerOptions options, AskTell askTell) {
        DashboardServer s = new DashboardServer(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(options, "options"), askTell);
        s.app.start();
        return s;
    }

    /** @return the port it listens on (the actual one when 0 was asked) */
    public int port() {
        return app.port();
    }

    /** @return the options it was started with */
    public ServerOptions options() {
        return options;
    }

    /** @return the base URL, e.g. {@code http://127.0.0.1:7070/} (with {@code ?token=…} when a token is set) */
    public String url() {
        String host = options.host().equals("0.0.0.0") || options.host().equals("::") ? "127.0.0.1" : options.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/" + (options.tokenRequired() ? "?token=" + java.net.URLEncoder.encode(
                options.token(), StandardCharsets.UTF_8) : "");
    }

    /** @return the studies' endpoints, whose kept views tests check for their bounds */
    StudyApi studyApi() {
        return studyApi;
    }

    /**
     * Waits until the work the server started in the background is done: a large study's table columns and chart
     * views (the benchmark, so that one phase's background reads do not run into the next phase's timings).
     *
     * @param timeout the longest wait for each
     * @return whether none is left
     * @throws InterruptedException when interrupted
     */
    public boolean awaitBackground(java.time.Duration timeout) throws InterruptedException {
        boolean done = studyApi.columns().awaitBackground(timeout);
        studyApi.analytics().awaitBackground();
        return done;
    }

    /** @return the API routes, in registration order (each is described in {@code /api/openapi.json}) */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Blocks until {@link #stop()} is called (from another thread or a shutdown hook). */
    public void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server, then saves the chart views it computed since their last save (see {@code KeptViews}). */
    public void stop() {
        app.stop();
        studyApi.analytics().flushKeptViews();
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
    }
}
