package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StoreException;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.StudySummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Study rows: creation, lookup, summaries, sampler state and the trial-number counter. */
final class StudyDao {
    private static final String COLUMNS = "id, study_name, direction, sampler_name, sampler_settings, seed,"
            + " experiment_id, created_ms, directions";
    private final Database db;
    private final Clock clock;

    StudyDao(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    StudyRecord createOrGet(StudySpec spec, Long experimentId) {
        for (int attempt = 0; ; attempt++) {
            Optional<StudyRecord> existing = find(spec.name());
            if (existing.isPresent()) {
                StudyRecord s = existing.get();
                if (!s.directions().equals(spec.directions())) {
                    throw new IllegalArgumentException("study '" + spec.name() + "' exists with directions "
                            + s.directions() + ", cannot reuse it with " + spec.directions() + "; choose another name");
                }
                return s;
            }
            try {
                return create(spec, experimentId);
            } catch (IllegalArgumentException e) {
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    /** Creates a study; a name that exists raises {@link IllegalArgumentException} (the unique key decides races). */
    StudyRecord create(StudySpec spec, Long experimentId) {
        try {
            return Tx.run(db, "create study '" + spec.name() + "'", c -> {
                RunRows.update(c, "INSERT INTO study (study_name, direction, sampler_name, sampler_settings,"
                        + " seed, experiment_id, next_trial_number, created_ms, directions)"
                        + " VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                        spec.name(), spec.directions().get(0).name(), spec.samplerName(), spec.samplerSettingsJson(),
                        spec.seed(), experimentId, clock.millis(), directionsText(spec.directions()));
                StudyRecord created = find(c, spec.name()).orElseThrow();
                StateCounts.create(c, created.id());
                return created;
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException s && Tx.UNIQUE_VIOLATION.equals(s.getSQLState())) {
                throw new IllegalArgumentException("a study named '" + spec.name() + "' exists; choose another name");
            }
            throw e;
        }
    }

    Optional<StudyRecord> find(String name) {
        return Tx.run(db, "find study '" + name + "'", c -> find(c, name));
    }

    StudyRecord get(long studyId) {
        return Tx.run(db, "read study " + studyId, c -> get(c, studyId));
    }

    StudyRecord get(Connection c, long studyId) throws SQLException {
        List<StudyRecord> out = new ArrayList<>(1);
        RunReader.query(c, "SELECT " + COLUMNS + " FROM study WHERE id = ?", ps -> ps.setLong(1, studyId),
                rs -> out.add(map(rs)));
        if (out.isEmpty()) {
            throw new java.util.NoSuchElementException("no study with id " + studyId);
        }
        return out.get(0);
    }

    private Optional<StudyRecord> find(Connection c, String name) throws SQLException {
        List<StudyRecord> out = new ArrayList<>(1);
        RunReader.query(c, "SELECT " + COLUMNS + " FROM study WHERE study_name = ?", ps -> ps.setString(1, name),
                rs -> out.add(map(rs)));
        return out.stream().findFirst();
    }

    List<StudySummary> list() {
        return Tx.run(db, "list studies", c -> {
            List<StudyRecord> all = new ArrayList<>();
            RunReader.query(c, "SELECT " + COLUMNS + " FROM study ORDER BY study_name", ps -> { }, rs -> all.add(map(rs)));
            Map<Long, Map<TrialState, Long>> counts = new HashMap<>();
            RunReader.query(c, "SELECT study_id, state, run_count FROM study_state_count WHERE run_count <> 0", ps -> { },
                    rs -> counts.computeIfAbsent(rs.getLong(1), k -> new EnumMap<>(TrialState.class))
                            .put(TrialState.valueOf(rs.getString(2)), rs.getLong(3)));
            Map<Long, double[]> minMax = new HashMap<>();
            RunReader.query(c, "SELECT study_id, MIN(objective_value), MAX(objective_value) FROM run WHERE state = ?"
                    + " GROUP BY study_id", ps -> ps.setString(1, TrialState.COMPLETE.name()),
                    rs -> minMax.put(rs.getLong(1), new double[] {rs.getDouble(2), rs.getDouble(3)}));
            List<StudySummary> out = new ArrayList<>(all.size());
            for (StudyRecord s : all) {
                double[] mm = minMax.get(s.id());
                Double best = mm == null ? null : s.direction() == Direction.MINIMIZE ? mm[0] : mm[1];
                out.add(new StudySummary(s, counts.getOrDefault(s.id(), Map.of()), best));
            }
            return out;
        });
    }

    StudySummary summary(long studyId) {
        return Tx.run(db, "summarise study " + studyId, c -> {
            StudyRecord s = get(c, studyId);
            Map<TrialState, Long> counts = StateCounts.of(c, studyId);
            Double[] best = {null};
            // the first value along the (study, state, value) index, rather than MIN/MAX, which H2 computes by
            // reading every COMPLETE run of the study (the study and state are named in ORDER BY for the same reason
            // as in QuerySql)
            String dir = s.direction() == Direction.MINIMIZE ? " ASC" : " DESC";
            RunReader.query(c, "SELECT objective_value FROM run WHERE study_id = ? AND state = ? AND objective_value"
                    + " IS NOT NULL ORDER BY study_id" + dir + ", state" + dir + ", objective_value" + dir
                    + " FETCH FIRST 1 ROWS ONLY", ps -> {
                ps.setLong(1, studyId);
                ps.setString(2, TrialState.COMPLETE.name());
            }, rs -> best[0] = RunReader.dbl(rs, 1));
            return new StudySummary(s, counts, best[0]);
        });
    }

    void saveSamplerState(long studyId, byte[] state) {
        byte[] copy = state.clone();
        Tx.run(db, "save sampler state of study " + studyId, c -> {
            if (RunRows.update(c, "UPDATE study SET sampler_state = ? WHERE id = ?", copy, studyId) == 0) {
                throw new java.util.NoSuchElementException("no study with id " + studyId);
            }
            return null;
        });
    }

    Optional<byte[]> loadSamplerState(long studyId) {
        return Tx.run(db, "load sampler state of study " + studyId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sampler_state FROM study WHERE id = ?")) {
                ps.setLong(1, studyId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new java.util.NoSuchElementException("no study with id " + studyId);
                    }
                    return Optional.ofNullable(rs.getBytes(1));
                }
            }
        });
    }

    void setAttribute(long studyId, String key, String jsonValue) {
        Tx.run(db, "set attribute '" + key + "' of study " + studyId, c -> {
            lock(c, studyId);
            RunRows.update(c, "DELETE FROM study_attr WHERE study_id = ? AND attr_key = ?", studyId, key);
            RunRows.update(c, "INSERT INTO study_attr (study_id, attr_key, attr_value) VALUES (?, ?, ?)", studyId, key,
                    jsonValue);
            return null;
        });
    }

    Map<String, String> attributes(long studyId) {
        return Tx.run(db, "read attributes of study " + studyId, c -> {
            get(c, studyId);
            Map<String, String> out = new java.util.TreeMap<>();
            RunReader.query(c, "SELECT attr_key, attr_value FROM study_attr WHERE study_id = ?", ps -> ps.setLong(1, studyId),
                    rs -> out.put(rs.getString(1), rs.getString(2)));
            return out;
        });
    }

    /** Replaces one kept view of the study in one transaction (the old view or the new one, whole). */
    void saveView(long studyId, String name, long completeCount, String body) {
        Tx.run(db, "keep view '" + name + "' of study " + studyId, c -> {
            get(c, studyId);
            RunRows.update(c, "DELETE FROM study_view WHERE study_id = ? AND view_name = ?", studyId, name);
            RunRows.update(c, "INSERT INTO study_view (study_id, view_name, complete_count, body) VALUES (?, ?, ?, ?)",
                    studyId, name, completeCount, body);
            return null;
        });
    }

    Optional<dev.hyperforge.tracker.StudyView> view(long studyId, String name) {
        return Tx.run(db, "read view '" + name + "' of study " + studyId, c -> {
            get(c, studyId);
            List<dev.hyperforge.tracker.StudyView> out = new ArrayList<>(1);
            RunReader.query(c, "SELECT complete_count, body FROM study_view WHERE study_id = ? AND view_name = ?", ps -> {
                ps.setLong(1, studyId);
                ps.setString(2, name);
            }, rs -> out.add(new dev.hyperforge.tracker.StudyView(rs.getLong(1), rs.getString(2))));
            return out.stream().findFirst();
        });
    }

    /** Counts the study's runs by state (call under the study's lock for a consistent budget check). */
    Map<TrialState, Integer> countByState(Connection c, long studyId) throws SQLException {
        Map<TrialState, Integer> out = new EnumMap<>(TrialState.class);
        StateCounts.of(c, studyId).forEach((state, n) -> out.put(state, Math.toIntExact(n)));
        return out;
    }

    /** Increments the study's trial counter under its row lock; returns the claimed number. */
    int claimNumber(Connection c, long studyId) throws SQLException {
        return claimNumbers(c, studyId, 1);
    }

    /** Claims {@code n} consecutive trial numbers under the study row's lock; returns the first. */
    int claimNumbers(Connection c, long studyId, int n) throws SQLException {
        if (RunRows.update(c, "UPDATE study SET next_trial_number = next_trial_number + ? WHERE id = ?", n,
                studyId) == 0) {
            throw new java.util.NoSuchElementException("no study with id " + studyId);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT next_trial_number FROM study WHERE id = ?")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) - n;
            }
        }
    }

    /** Takes the study row lock (serialises claims of waiting trials). */
    void lock(Connection c, long studyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM study WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new java.util.NoSuchElementException("no study with id " + studyId);
                }
            }
        }
    }

    /** The {@code directions} column: comma-separated names ({@code MAXIMIZE,MINIMIZE}). */
    private static String directionsText(List<Direction> directions) {
        return String.join(",", directions.stream().map(Direction::name).toList());
    }

    /** Reads {@code directions}; NULL (a study from before V5) is the single {@code direction}. */
    private static List<Direction> directions(String column, String single) {
        if (column == null || column.isBlank()) {
            return List.of(Direction.valueOf(single));
        }
        return java.util.Arrays.stream(column.split(",")).map(String::strip).map(Direction::valueOf).toList();
    }

    private static StudyRecord map(ResultSet rs) throws SQLException {
        StudySpec spec = new StudySpec(rs.getString(2), directions(rs.getString(9), rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getLong(6));
        return new StudyRecord(rs.getLong(1), spec, RunReader.lng(rs, 7), Instant.ofEpochMilli(rs.getLong(8)));
    }
}
