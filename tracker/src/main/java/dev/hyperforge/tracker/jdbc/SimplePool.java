package dev.hyperforge.tracker.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A minimal blocking connection pool over a non-pooling {@link DataSource} (used for PostgreSQL, whose driver
 * ships none). Connections are returned by {@link Connection#close()}; a connection that reports itself closed
 * or whose transaction cannot be reset is discarded.
 */
final class SimplePool implements DataSource, AutoCloseable {
    private final DataSource target;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;

    SimplePool(DataSource target, int size) {
        this.target = target;
        this.permits = new Semaphore(size, true);
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("connection pool is closed");
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
        try {
            Connection physical;
            synchronized (idle) {
                physical = idle.pollFirst();
            }
            if (physical == null || physical.isClosed()) {
                physical = target.getConnection();
            }
            return wrap(physical);
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Connection wrap(Connection physical) {
        boolean[] returned = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (!returned[0]) {
                            returned[0] = true;
                            giveBack(physical);
                        }
                        return null;
                    }
                    if (method.getName().equals("isClosed") && method.getParameterCount() == 0 && returned[0]) {
                        return true;
                    }
                    if (returned[0]) {
                        throw new SQLException("connection already returned to the pool");
                    }
                    try {
                        return method.invoke(physical, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void giveBack(Connection physical) {
        try {
            boolean reusable = !closed && !physical.isClosed();
            if (reusable && !physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            if (reusable) {
                synchronized (idle) {
                    idle.addFirst(physical);
                }
            } else {
                physical.close();
            }
        } catch (SQLException e) {
            try {
                physical.close();
            } catch (SQLException ignored) {
                // discarded anyway
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            for (Connection c : idle) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // best effort
                }
            }
            idle.clear();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's credentials come from its URL");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // unused
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // unused
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
