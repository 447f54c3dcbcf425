package dev.hyperforge.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request line and headers have not all arrived within a deadline, counted from when the
 * connection opened or its previous response ended. Jetty's idle timeout alone does not stop a client that sends
 * one header byte every few seconds (each byte resets it), so a few hundred such clients could hold every
 * connection; with this deadline each holds one for at most {@code timeout}.
 *
 * <p>Added to a connector as a bean: it hears connections open and close ({@link Connection.Listener}) and requests
 * begin, which Jetty signals once their headers are parsed, and complete ({@link HttpChannel.Listener}).
 *
 * <pre>{@code
 * connector.addBean(new HeaderDeadline(connector.getScheduler(), Duration.ofSeconds(10)));
 * }</pre>
 */
final class HeaderDeadline implements Connection.Listener, HttpChannel.Listener {
    private final Scheduler scheduler;
    private final long timeoutMillis;
    private final Map<Connection, Deadline> armed = new ConcurrentHashMap<>();

    /** One armed deadline; its task closes the connection only if it is still the armed one. */
    private static final class Deadline {
        volatile Scheduler.Task task;

        void cancel() {
            Scheduler.Task t = task;
            if (t != null) {
                t.cancel();
            }
        }
    }

    HeaderDeadline(Scheduler scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeoutMillis = timeout.toMillis();
    }

    @Override
    public void onOpened(Connection connection) {
        arm(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        disarm(connection);
    }

    @Override
    public void onRequestBegin(Request request) {
        disarm(request.getHttpChannel().getEndPoint().getConnection());
    }

    @Override
    public void onComplete(Request request) {
        Connection c = request.getHttpChannel().getEndPoint().getConnection();
        if (c != null && c.getEndPoint().isOpen()) {
            arm(c);
        }
    }

    /** @return how many connections are waiting for a request's headers */
    int waiting() {
        return armed.size();
    }

    private void arm(Connection c) {
        Deadline d = new Deadline();
        Deadline old = armed.put(c, d);
        if (old != null) {
            old.cancel();
        }
        d.task = scheduler.schedule(() -> {
            if (armed.remove(c, d)) {
                c.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void disarm(Connection c) {
        Deadline d = c == null ? null : armed.remove(c);
        if (d != null) {
            d.cancel();
        }
    }
}
