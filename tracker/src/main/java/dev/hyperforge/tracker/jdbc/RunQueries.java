package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.TrialPoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reads of {@link JdbcRunStore}: single runs, a study's runs, filtered and sorted pages, streamed exports,
 * metric histories and the names used in a study. Each read is one transaction that first checks the study or
 * run exists (unknown ids raise {@link java.util.NoSuchElementException}).
 */
final class RunQueries {
    private final Database db;
    private final StudyDao studies;
    private final MetricWriter metrics;

    RunQueries(Database db, StudyDao studies, MetricWriter metrics) {
        this.db = db;
        this.studies = studies;
        this.metrics = metrics;
    }

    List<TrialPoint> completeTrials(long studyId, java.time.Instant finishedSince) {
        return tx("read complete trials of study " + studyId, c -> {
            studies.get(c, studyId);
            return TrialPointReader.read(c, studyId, finishedSince.toEpochMilli());
        });
    }

    List<TrialPoint> completeValues(long studyId, java.time.Instant finishedSince) {
        return tx("read complete trials' values of study " + studyId, c -> {
            studies.get(c, studyId);
            return TrialPointReader.readValues(c, studyId, finishedSince.toEpochMilli());
        });
    }

    java.util.Map<Long, java.util.Map<String, dev.hyperforge.tracker.ParamValue>> paramsOf(
            java.util.Collection<Long> runIds) {
        List<Long> ids = List.copyOf(new java.util.LinkedHashSet<>(runIds));
        return tx("read parameters of " + ids.size() + " runs", c -> TrialPointReader.paramsOf(c, ids));
    }

    java.util.Map<Long, java.util.Map<String, dev.hyperforge.tracker.ParamValue>> sampledParams(long studyId,
                                                                                                 long maxKey) {
        return tx("read sampled parameters of study " + studyId, c -> {
            studies.get(c, studyId);
            return TrialPointReader.sampled(c, studyId, maxKey);
        });
    }

    java.util.Map<String, dev.hyperforge.tracker.ParamValue> paramExamples(long studyId) {
        return tx("read parameter names of study " + studyId, c -> {
            studies.get(c, studyId);
            return TrialPointReader.examples(c, studyId);
        });
    }

    List<dev.hyperforge.tracker.TableRow> tableRows(long studyId, java.time.Instant finishedSince) {
        return tx("read table rows of study " + studyId, c -> {
            studies.get(c, studyId);
            return TableRowReader.read(c, studyId, finishedSince.toEpochMilli());
        });
    }

    List<Run> runs(List<Long> ids) {
        return tx("read " + ids.size() + " runs", c -> RunReader.assemble(c, RunReader.rowsById(c, ids)));
    }

    Run run(long runId) {
        return tx("read run " + runId, c -> RunReader.load(c, runId));
    }

    Optional<Run> findTrial(long studyId, int number) {
        return tx("find trial " + number + " of study " + studyId, c -> {
            Long id = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM run WHERE study_id = ? AND trial_number = ?")) {
                ps.setLong(1, studyId);
                ps.setInt(2, number);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            return id == null ? Optional.<Run>empty() : Optional.of(RunReader.load(c, id));
        });
    }

    List<Run> listRuns(long studyId, Set<TrialState> states) {
        RunQuery.Builder b = RunQuery.forStudy(studyId).states(states.toArray(TrialState[]::new));
        RunQuery q = b.build();
        return tx("list runs of study " + studyId, c -> {
            studies.get(c, studyId);
            QuerySql sql = QuerySql.select(q, false);
            List<RunReader.Row> rows = new ArrayList<>();
            RunReader.query(c, sql.sql, sql::bind, rs -> rows.add(RunReader.row(rs)));
            return RunReader.assembleStudy(c, studyId, rows);
        });
    }

    /**
     * One page: the matching runs are counted, the page's ids found with only the sort key in the sort (see
     * {@link #pageIds}), and those runs read by primary key with their children.
     */
    RunPage queryRuns(RunQuery query) {
        return tx("query runs of study " + query.studyId(), c -> {
            studies.get(c, query.studyId());
            long total = total(c, query);
            List<Long> ids = pageIds(c, query, total);
            return new RunPage(RunReader.assemble(c, RunReader.rowsById(c, ids)), total, query.offset());
        });
    }

    /**
     * The ids of the page. An unfiltered query sorted by a metric walks the study's metric index (the runs with the
     * metric by value, then those without it by number); any other query past the middle of its {@code total}
     * matches reads the reversed order from the other end, so the last page costs what the first does.
     */
    static List<Long> pageIds(java.sql.Connection c, RunQuery q, long total) throws java.sql.SQLException {
        long offset = q.offset();
        if (offset >= total) {
            return List.of();
        }
        if (q.sort().field() == RunQuery.SortField.METRIC && QuerySql.unfiltered(q)) {
            List<Long> ids = ids(c, QuerySql.rankedByMetric(q, offset, q.limit()));
            if (ids.size() < q.limit()) {
                long ranked = ids.isEmpty() ? count(c, QuerySql.countWithMetric(q)) : offset + ids.size();
                ids.addAll(ids(c, QuerySql.lackingMetric(q, Math.max(0, offset - ranked), q.limit() - ids.size())));
            }
            return ids;
        }
        long after = total - offset - q.limit();
        if (after >= offset) {
            return ids(c, QuerySql.ids(q, false, offset, q.limit()));
        }
        List<Long> ids = ids(c, QuerySql.ids(q, true, Math.max(0, after), (int) Math.min(q.limit(), total - offset)));
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static List<Long> ids(java.sql.Connection c, QuerySql sql) throws java.sql.SQLException {
        List<Long> ids = new ArrayList<>();
        RunReader.query(c, sql.sql, sql::bind, rs -> ids.add(rs.getLong(1)));
        return ids;
    }

    /**
     * The number of matching runs: a query that filters only by state adds up the study's kept counts
     * ({@link StateCounts}) instead of counting its runs.
     */
    private static long total(java.sql.Connection c, RunQuery q) throws java.sql.SQLException {
        if (!q.tags().isEmpty() || !q.paramRanges().isEmpty() || !q.metricRanges().isEmpty()) {
            return count(c, QuerySql.count(q));
        }
        Map<TrialState, Long> counts = StateCounts.of(c, q.studyId());
        return q.states().stream().mapToLong(s -> counts.getOrDefault(s, 0L)).sum();
    }

    private static long count(java.sql.Connection c, QuerySql sql) throws java.sql.SQLException {
        long[] n = {0};
        RunReader.query(c, sql.sql, sql::bind, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    void forEachRun(RunQuery query, Consumer<? super Run> action) {
        tx("stream runs of study " + query.studyId(), c -> {
            studies.get(c, query.studyId());
            QuerySql select = QuerySql.select(query, false);
            try (PreparedStatement ps = c.prepareStatement(select.sql)) {
                ps.setFetchSize(RunReader.CHUNK);
                select.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<RunReader.Row> chunk = new ArrayList<>(RunReader.CHUNK);
                    while (rs.next()) {
                        chunk.add(RunReader.row(rs));
                        if (chunk.size() == RunReader.CHUNK) {
                            RunReader.assemble(c, chunk).forEach(action);
                            chunk.clear();
                        }
                    }
                    RunReader.assemble(c, chunk).forEach(action);
                }
            }
            return null;
        });
    }

    List<MetricPoint> metricHistory(long runId, String metricName) {
        return tx("read metric '" + metricName + "' of run " + runId, c -> {
            RunRows.requireRun(c, runId);
            return metrics.history(c, runId, metricName);
        });
    }

    List<String> paramNames(long studyId) {
        return names("run_param", "param_name", studyId);
    }

    List<String> metricNames(long studyId) {
        return names("metric_latest", "metric_name", studyId);
    }

    /**
     * The distinct names of a study's rows in a table that carries the study (schema V7), in name order
     * ({@link RunReader#walkNames}).
     */
    private List<String> names(String table, String column, long studyId) {
        return tx("list names of study " + studyId, c -> {
            studies.get(c, studyId);
            List<String> out = new ArrayList<>();
            RunReader.walkNames(c, "SELECT " + column + " FROM " + table + " WHERE ", column, studyId, rs -> {
                out.add(rs.getString(1));
                return rs.getString(1);
            });
            return out;
        });
    }

    private <T> T tx(String what, Tx.Work<T> work) {
        return Tx.run(db, what, work);
    }
}
