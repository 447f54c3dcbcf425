package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.tracker.RunStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Range filters and sorts on simplex components ({@code param=w.age:0.5:}, {@code sort=param:w.age}) for the runs
 * table. The tracker stores a simplex as one JSON string, which its queries cannot compare with numbers, so such a
 * query runs without those ranges (at most {@value #MAX_SCANNED} runs, in the requested order, or by number when the
 * order is a component's) and the ranges and that order are applied here before paging; the other filters still run
 * in the database. Runs without the component sort last.
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
                .filter(r -> isComponent(distributions, r.name())).toList();
        RunQuery.Sort sort = q.sort();
        boolean bySort = sort.field() == RunQuery.SortField.PARAM && isComponent(distributions, sort.name());
        if (components.isEmpty() && !bySort) {
            return store.queryRuns(q);
        }
        RunQuery.Sort dbSort = bySort ? new RunQuery.Sort(RunQuery.SortField.NUMBER, null, false) : sort;
        List<Run> kept = new ArrayList<>();
        for (Run r : store.queryRuns(TableQuery.copy(q, q.states().toArray(TrialState[]::new),
                p -> !components.contains(p), dbSort, 0, MAX_SCANNED)).runs()) {
            if (components.stream().allMatch(c -> c.contains(component(r, distributions.get(c.name()), c.name())))) {
                kept.add(r);
            }
        }
        if (bySort) {
            Comparator<Double> byValue = sort.descending() ? Comparator.reverseOrder() : Comparator.naturalOrder();
            kept.sort(Comparator.comparing((Run r) -> component(r, distributions.get(sort.name()), sort.name()),
                    Comparator.nullsLast(byValue)));
        }
        int from = (int) Math.min(kept.size(), q.offset());
        return new RunPage(kept.subList(from, Math.min(kept.size(), from + q.limit())), kept.size(), q.offset());
    }

    private static boolean isComponent(Map<String, Map<String, Object>> distributions, String name) {
        return "simplex".equals(distributions.getOrDefault(name, Map.of()).get("type"));
    }

    private static Double component(Run r, Map<String, Object> d, String name) {
        ParamValue p = r.params().get(String.valueOf(d.get("of")));
        return p == null ? null : ParamSpace.values(p).get(name) instanceof Double v ? v : null;
    }
}
