package dev.hyperforge.tracker.memory;

import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** The filters and sort orders of a {@link RunQuery}, applied in memory the way the SQL of the JDBC store does. */
final class RunMatcher {
    private RunMatcher() {
    }

    /** The runs of the query's study that pass its filters, in its order. */
    static List<Run> matching(Collection<MutableRun> runs, RunQuery q) {
        return runs.stream().filter(r -> r.studyId == q.studyId() && q.states().contains(r.state))
                .filter(r -> q.tags().entrySet().stream().allMatch(t -> t.getValue().equals(r.tags.get(t.getKey()))))
                .filter(r -> q.paramRanges().stream().allMatch(g -> g.contains(
                        r.params.containsKey(g.name()) ? r.params.get(g.name()).numericValue() : null)))
                .filter(r -> q.metricRanges().stream().allMatch(g -> g.contains(
                        r.latest.containsKey(g.name()) ? r.latest.get(g.name()).value() : null)))
                .map(MutableRun::snapshot).sorted(order(q.sort())).toList();
    }

    static Comparator<Run> order(RunQuery.Sort sort) {
        Comparator<Run> byNumber = Comparator.comparingInt(Run::number);
        boolean desc = sort.descending();
        return switch (sort.field()) {
            case NUMBER -> desc ? byNumber.reversed() : byNumber;
            case VALUE -> nullsLast(Run::value, desc).thenComparing(byNumber);
            case STARTED_AT -> nullsLast(Run::startedAt, desc).thenComparing(byNumber);
            case PARAM -> nullsLast((Run r) -> r.params().containsKey(sort.name())
                            ? r.params().get(sort.name()).numericValue() : null, desc)
                    .thenComparing(nullsLast((Run r) -> r.params().containsKey(sort.name())
                            ? r.params().get(sort.name()).stringValue() : null, desc))
                    .thenComparing(byNumber);
            case METRIC -> nullsLast((Run r) -> r.lastMetrics().containsKey(sort.name())
                    ? r.lastMetrics().get(sort.name()).value() : null, desc).thenComparing(byNumber);
        };
    }

    private static <T extends Comparable<? super T>> Comparator<Run> nullsLast(Function<Run, T> key, boolean desc) {
        Comparator<T> natural = desc ? Comparator.<T>reverseOrder() : Comparator.<T>naturalOrder();
        return Comparator.comparing(key, Comparator.nullsLast(natural));
    }
}
