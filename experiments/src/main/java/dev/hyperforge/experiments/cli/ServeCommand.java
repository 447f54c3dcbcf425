package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.experiments.asktell.TrackedAskTell;
import dev.hyperforge.web.DashboardServer;
import dev.hyperforge.web.ServerOptions;

/**
 * {@code hf serve [--port 7070] [--host 127.0.0.1] [--token T]}: the dashboard over the selected database, until
 * Ctrl-C. Binding anything but the loopback address requires a token of at least 16 characters ({@code --token} or
 * {@code HF_TOKEN}); without one, a random token is generated and printed once, in the URL.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the dashboard (studies, runs, compare, ensemble builder) and its JSON API under /api.")
public final class ServeCommand implements Callable<Integer> {
    private static final long SHUTDOWN_WAIT_S = 20;

    @Option(names = "--port", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port = ServerOptions.DEFAULT_PORT;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}). Anything but loopback needs a token (generated when none is given).")
    String host = ServerOptions.DEFAULT_HOST;

    @Option(names = "--token", description = "Token every request must carry, at least 16 characters (default: $HF_TOKEN; with a non-loopback --host and none given, a random one).")
    String token;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerOptions options = ServerOptions.resolve(host, port, token, System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch closed = new CountDownLatch(1);
        boolean started = false;
        try (DbOption.Store store = db.open(); DashboardServer server = start(store, options)) {
            Thread hook = new Thread(() -> stopAndWait(server, closed), "hf-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            started = true;
            out.println("dashboard at " + server.url() + " (Ctrl-C to stop)");
            if (options.tokenRequired()) {
                out.println("requests need the token: open the URL above once, or send 'Authorization: Bearer <token>'");
            }
            if (options.tokenRequired() && blank(token) && blank(System.getenv(ServerOptions.TOKEN_ENV))) {
                out.println("no --token or " + ServerOptions.TOKEN_ENV + " was given: the token in the URL above was"
                        + " generated for this run and is not shown again");
            }
            out.flush();
            server.awaitStop();
            removeQuietly(hook);
        } finally {
            if (started) {
                out.println("dashboard stopped, database closed");
                out.flush();
            }
            closed.countDown();
        }
        return Main.OK;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** On SIGTERM or Ctrl-C: stop the server, then let the JVM exit only once the database is closed. */
    private static void stopAndWait(DashboardServer server, CountDownLatch closed) {
        server.stop();
        try {
            closed.await(SHUTDOWN_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running and waits for the close
        }
    }

    private static DashboardServer start(DbOption.Store store, ServerOptions options) {
        try {
            return DashboardServer.start(store.runs(), options, new TrackedAskTell(store.runs()));
        } catch (RuntimeException e) {
            if (e.getClass().getSimpleName().contains("Bind") || String.valueOf(e.getMessage()).contains("in use")) {
                throw new IllegalArgumentException("cannot listen on " + options.host() + ":" + options.port()
                        + " (" + e.getMessage() + "); choose another --port or --host", e);
            }
            throw e;
        }
    }
}
