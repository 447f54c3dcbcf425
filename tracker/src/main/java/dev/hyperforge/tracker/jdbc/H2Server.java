package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;

/**
 * An H2 TCP server so that several processes (workers, the dashboard) can share one database: what
 * {@code hf db start} runs. Clients use {@link #url(String)}, e.g. {@code jdbc:h2:tcp://localhost:9092/hyperforge}.
 *
 * <pre>{@code
 * try (H2Server server = H2Server.start(Path.of("."), 9092, false)) {
 *     System.out.println("HF_DB=" + server.url("hyperforge"));
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Databases are created on first connection ({@code -ifNotExists}) under the base directory; without
 * {@code allowOthers} only connections from this host are accepted.
 */
public final class H2Server implements AutoCloseable {
    /** H2's customary TCP port. */
    public static final int DEFAULT_PORT = 9092;
    private final Server server;
    private final Path baseDir;

    private H2Server(Server server, Path baseDir) {
        this.server = server;
        this.baseDir = baseDir;
    }

    /**
     * Starts a TCP server.
     *
     * @param baseDir directory that holds the databases
     * @param port TCP port (0 picks a free one)
     * @param allowOthers whether hosts other than this one may connect
     * @return the running server
     */
    public static H2Server start(Path baseDir, int port, boolean allowOthers) {
        int chosen = port == 0 ? freePort() : port;
        List<String> args = new ArrayList<>(List.of("-tcp", "-tcpPort", Integer.toString(chosen), "-ifNotExists",
                "-baseDir", baseDir.toAbsolutePath().toString()));
        if (allowOthers) {
            args.add("-tcpAllowOthers");
        }
        try {
            Server s = Server.createTcpServer(args.toArray(String[]::new)).start();
            return new H2Server(s, baseDir);
        } catch (SQLException e) {
            throw new StoreException("cannot start the H2 TCP server on port " + chosen + " (is it in use?)", e);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new StoreException("cannot find a free TCP port", e);
        }
    }

    /** @return the TCP port */
    public int port() {
        return server.getPort();
    }

    /** @return the base directory of the databases */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * The JDBC URL of a database served by this server.
     *
     * @param databaseName name relative to the base directory (e.g. {@code hyperforge})
     * @return {@code jdbc:h2:tcp://localhost:PORT/./NAME}
     */
    public String url(String databaseName) {
        return "jdbc:h2:tcp://localhost:" + port() + "/./" + databaseName;
    }

    /** @return whether the server is running */
    public boolean isRunning() {
        return server.isRunning(false);
    }

    /**
     * Blocks until the server stops (another thread calls {@link #stop()}, or the process is interrupted).
     *
     * @throws InterruptedException when interrupted
     */
    public void awaitShutdown() throws InterruptedException {
        while (server.isRunning(false)) {
            Thread.sleep(500);
        }
    }

    /** Stops the server, closing its databases. */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
