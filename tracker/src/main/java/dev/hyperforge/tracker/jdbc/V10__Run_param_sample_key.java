package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.SampleKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema version 10: each {@code run_param} row carries its run's {@link SampleKey} ({@code sample_key}, written with
 * the row), and a {@code (study_id, sample_key, run_id, param_name, ...)} index, so that the parameters of a seeded
 * sample of a study (the dashboard's importance ranks 5 000 runs of a large study) are one range of that index
 * ({@code RunLog.sampledParams}) instead of a lookup per run scattered over the table. On H2 the index holds every
 * column that read takes (the string value too), so no row is looked up; PostgreSQL's index leaves the string value
 * out (an index entry must fit a third of a page, and a value of 1 000 characters may not), which costs it a heap
 * fetch per row. Existing rows are filled here, a run at a time, in Java: the key is SplitMix64's 64-bit mix, which
 * neither database computes portably in SQL. A Java migration because of that fill; registered in {@link Migrations}.
 *
 * <pre>{@code
 * Flyway.configure().javaMigrations(new V10__Run_param_sample_key()).load().migrate();
 * }</pre>
 */
public final class V10__Run_param_sample_key extends BaseJavaMigration {
    /** Runs updated per batch while filling. */
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean h2 = Vendor.of(c.getMetaData().getURL()) == Vendor.H2;
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE run_param ADD COLUMN sample_key BIGINT");
            fill(c);
            s.execute("ALTER TABLE run_param ALTER COLUMN sample_key SET NOT NULL");
            s.execute("CREATE INDEX run_param_sample_ix ON run_param (study_id, sample_key, run_id, param_name,"
                    + " param_type, numeric_value, int_value" + (h2 ? ", string_value)" : ")"));
        }
    }

    /** Sets every row's key from its run id, along the run ids of the {@code run} table. */
    private static void fill(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM run")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE run_param SET sample_key = ? WHERE run_id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(1, SampleKey.of(ids.get(i)));
                ps.setLong(2, ids.get(i));
                ps.addBatch();
                if ((i + 1) % BATCH == 0 || i == ids.size() - 1) {
                    ps.executeBatch();
                }
            }
        }
    }
}
