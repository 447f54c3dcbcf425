package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TestFixtures;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging through a study returns every matching run exactly once, in the order of the unpaged query and of the
 * in-memory store, whatever path a page takes: a metric sort over the study's metric index (runs with the metric by
 * value with many ties, then the runs without it), the reversed order read from the far end for pages past the
 * middle, and filtered queries.
 */
class StudyPagingTest {
    private static final int RUNS = 43;
    private final Database db = Database.open("jdbc:h2:mem:paging-" + UUID.randomUUID());
    private final JdbcRunStore jdbc = new JdbcRunStore(db);
    private final InMemoryRunStore memory = new InMemoryRunStore();
    private long jdbcStudy;
    private long memoryStudy;

    @BeforeEach
    void fill() {
        jdbcStudy = fill(jdbc);
        memoryStudy = fill(memory);
    }

    @AfterEach
    void close() {
        jdbc.close();
        db.close();
    }

    /** Values with ties (i % 4), every fifth run without the metric, a few runs RUNNING, another study beside it. */
    private static long fill(RunStore store) {
        StudyRecord other = store.createOrGetStudy(new StudySpec("other", Direction.MINIMIZE, "random", "{}", 2));
        Run decoy = store.startRun(other.id(), TestFixtures.provenance());
        store.logMetrics(decoy.id(), List.of(new MetricPoint("acc", 0, 99.0, Instant.EPOCH)));
        StudyRecord s = store.createOrGetStudy(new StudySpec("paging", Direction.MAXIMIZE, "random", "{}", 1));
        for (int i = 0; i < RUNS; i++) {
            Run r = store.startRun(s.id(), TestFixtures.provenance());
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", (i * 7 % 11) / 10.0, "{}")));
            if (i % 5 != 0) {
                store.logMetrics(r.id(), List.of(new MetricPoint("acc", 0, 0.1, Instant.EPOCH),
                        new MetricPoint("acc", 1, (i % 4) / 4.0, Instant.EPOCH)));
            }
            if (i % 9 != 4) {
                store.finishRun(r.id(), TrialState.COMPLETE, (double) (i % 3), null);
            }
        }
        return s.id();
    }

    @Test
    void everySortAndPageSizeReturnsEachRunOnceInTheUnpagedOrder() {
        List<UnaryOperator<RunQuery.Builder>> sorts = List.of(
                b -> b.sortBy(RunQuery.SortField.NUMBER, false), b -> b.sortBy(RunQuery.SortField.NUMBER, true),
                b -> b.sortBy(RunQuery.SortField.VALUE, false), b -> b.sortBy(RunQuery.SortField.VALUE, true),
                b -> b.sortByMetric("acc", true), b -> b.sortByMetric("acc", false),
                b -> b.sortByMetric("absent", true), b -> b.sortByParam("lr", false),
                b -> b.sortByMetric("acc", true).metricRange("acc", 0.25, null),
                b -> b.sortBy(RunQuery.SortField.NUMBER, false).paramRange("lr", 0.2, 0.8).states(TrialState.COMPLETE),
                b -> b.sortByMetric("acc", false).states(TrialState.RUNNING));
        for (int s = 0; s < sorts.size(); s++) {
            for (int size : new int[] {1, 5, 7, 50}) {
                List<Integer> expected = numbers(memory, sorts.get(s).apply(RunQuery.forStudy(memoryStudy)), size);
                List<Integer> unpaged = new ArrayList<>();
                jdbc.forEachRun(sorts.get(s).apply(RunQuery.forStudy(jdbcStudy)).build(), r -> unpaged.add(r.number()));
                List<Integer> paged = numbers(jdbc, sorts.get(s).apply(RunQuery.forStudy(jdbcStudy)), size);
                assertEquals(unpaged, paged, "sort " + s + ", pages of " + size + ": paged as unpaged");
                assertEquals(expected, paged, "sort " + s + ", pages of " + size + ": as the in-memory store");
                assertEquals(paged.size(), new HashSet<>(paged).size(), "sort " + s + ": each run once");
            }
        }
    }

    @Test
    void aPageBeyondTheEndIsEmptyAndTheTotalCountsEveryMatch() {
        RunPage past = jdbc.queryRuns(RunQuery.forStudy(jdbcStudy).sortByMetric("acc", true).page(RUNS, 10).build());
        assertEquals(List.of(), past.runs());
        assertEquals(RUNS, past.total());
        RunPage lastOne = jdbc.queryRuns(RunQuery.forStudy(jdbcStudy).sortByMetric("acc", true).page(RUNS - 1, 10).build());
        assertEquals(List.of(40), lastOne.runs().stream().map(Run::number).toList(),
                "the last run without the metric, by number, comes last");
    }

    /** Reads every page of {@code size} and checks each page's total. */
    private static List<Integer> numbers(RunStore store, RunQuery.Builder b, int size) {
        List<Integer> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long total = -1;
        for (long offset = 0; total < 0 || offset < total; offset += size) {
            RunPage page = store.queryRuns(b.page(offset, size).build());
            total = page.total();
            for (Run r : page.runs()) {
                if (seen.add(r.id())) {
                    out.add(r.number());
                } else {
                    out.add(-1);
                }
            }
            if (page.runs().isEmpty()) {
                break;
            }
        }
        assertEquals(total, out.size(), "pages hold total runs");
        return out;
    }
}
