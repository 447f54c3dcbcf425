package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Range filters on simplex components ({@code param=w.age:0.5:}) for the runs table. The tracker stores a simplex as
 * one JSON string, which its queries cannot compare with numbers, so such a query runs without those ranges (at most
 * {@value #MAX_SCANNED} runs, in the requested order) and the ranges are applied here before paging; the other
 * filters and the sort still run in the database.
 *
 * <pre>{@code
 * RunPage page = ComponentFilter.query(store, query, distributions);  // same as store.queryRuns without components
 * }</pre>
 */
final class ComponentFilter {
    /** The most runs read to filter on components. */
    static final int MAX_SCANNED = RunQuery.MAX_LIMIT;

    private ComponentFilter() {
    }

    /**
     * @param store the tracker
     * @param q the table's query
     * @param distributions the study's chart parameters ({@link ParamSpace#distributions})
     * @return the page, filtered on components where the query asks for them
     */
    static RunPage query(RunStore store, RunQuery q, Map<String, Map<String, Object>> distributions) {
        List<RunQuery.Range> components = q.paramRanges().stream()
                .filter(r -> "simplex".equals(distributions.getOrDefault(r.name(), Map.of()).get("type"))).toList();
        if (components.isEmpty()) {
            return store.queryRuns(q);
        }
        List<Run> kept = new ArrayList<>();
        for (Run r : store.queryRuns(without(q, components)).runs()) {
            if (components.stream().allMatch(c -> c.contains(component(r, distributions.get(c.name()), c.name())))) {
                kept.add(r);
            }
        }
        int from = (int) Math.min(kept.size(), q.offset());
        return new RunPage(kept.subList(from, Math.min(kept.size(), from + q.limit())), kept.size(), q.offset());
    }

    private static Double component(Run r, Map<String, Object> d, String name) {
        ParamValue p = r.params().get(String.valueOf(d.get("of")));
        return p == null ? null : ParamSpace.values(p).get(name) instanceof Double v ? v : null;
    }

    private static RunQuery without(RunQuery q, List<RunQuery.Range> components) {
        RunQuery.Builder b = RunQuery.forStudy(q.studyId()).states(q.states().toArray(TrialState[]::new));
        q.tags().forEach(b::tag);
        q.paramRanges().stream().filter(r -> !components.contains(r)).forEach(r -> b.paramRange(r.name(), r.min(), r.max()));
        q.metricRanges().forEach(r -> b.metricRange(r.name(), r.min(), r.max()));
        RunQuery.Sort s = q.sort();
        switch (s.field()) {
            case PARAM -> b.sortByParam(s.name(), s.descending());
            case METRIC -> b.sortByMetric(s.name(), s.descending());
            default -> b.sortBy(s.field(), s.descending());
        }
        return b.page(0, MAX_SCANNED).build();
    }
}
