/**
 * The JDBC store: {@link dev.hyperforge.tracker.jdbc.Database} (URL selection, connection pool, Flyway
 * migrations), {@link dev.hyperforge.tracker.jdbc.JdbcRunStore} and the {@link dev.hyperforge.tracker.jdbc.H2Server}
 * used by {@code hf db start}. SQL is portable between H2 2.x and PostgreSQL 15; every value is bound, never
 * concatenated.
 */
package dev.hyperforge.tracker.jdbc;
