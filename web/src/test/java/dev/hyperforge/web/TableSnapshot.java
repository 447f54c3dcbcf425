package dev.hyperforge.web;

import dev.hyperforge.tracker.jdbc.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every tracker table (binary columns by hash), to prove a rejected request wrote nothing.
 *
 * @param tables table name to its rows, each row rendered as text, sorted
 */
record TableSnapshot(Map<String, List<String>> tables) {
    static TableSnapshot of(Database db) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String t : names) {
                out.put(t, rows(st, t));
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot snapshot the database", e);
        }
        if (out.size() < 10) {
            throw new AssertionError("expected the tracker's tables, found " + out.keySet());
        }
        return new TableSnapshot(out);
    }

    private static List<String> rows(Statement st, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    int type = md.getColumnType(i);
                    boolean binary = type == Types.BLOB || type == Types.BINARY || type == Types.VARBINARY
                            || type == Types.LONGVARBINARY;
                    row.append(md.getColumnName(i)).append('=')
                            .append(binary ? "#" + Arrays.hashCode(rs.getBytes(i)) : rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    /** @return a short description of how {@code after} differs from this snapshot, or null when equal */
    String diff(TableSnapshot after) {
        for (String t : tables.keySet()) {
            List<String> a = tables.get(t);
            List<String> b = after.tables.get(t);
            if (!a.equals(b)) {
                List<String> added = new ArrayList<>(b);
                added.removeAll(a);
                List<String> removed = new ArrayList<>(a);
                removed.removeAll(b);
                return t + ": +" + added + " -" + removed;
            }
        }
        return tables.keySet().equals(after.tables.keySet()) ? null : "tables " + after.tables.keySet();
    }
}
