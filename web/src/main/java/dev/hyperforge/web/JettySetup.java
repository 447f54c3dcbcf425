package dev.hyperforge.web;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The dashboard's Jetty: one HTTP/1.1 connector on the configured address with the {@link ServerOptions.Limits}
 * (idle timeout, a {@link HeaderDeadline} for the request headers, a {@link ConnectionLimit} on open connections),
 * and {@link JsonErrorHandler} for the errors Jetty answers itself.
 *
 * <pre>{@code
 * Javalin.create(config -> JettySetup.configure(config, options)).start();
 * }</pre>
 */
final class JettySetup {
    private JettySetup() {
    }

    static void configure(JavalinConfig config, ServerOptions options) {
        config.jetty.addConnector((server, http) -> connector(server, http, options));
        config.jetty.modifyServer(server -> {
            server.setErrorHandler(new JsonErrorHandler());
            server.addBean(new ConnectionLimit(options.limits().maxConnections(), server));
        });
        config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ServerOptions options) {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(options.host());
        c.setPort(options.port());
        c.setIdleTimeout(options.limits().idleTimeout().toMillis());
        c.addBean(new HeaderDeadline(c.getScheduler(), options.limits().headerTimeout()));
        return c;
    }
}
