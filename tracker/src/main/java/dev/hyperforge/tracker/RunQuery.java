package dev.hyperforge.tracker;

import dev.hyperforge.search.TrialState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A filtered, sorted, paged query over the runs of one study. Immutable; build it with {@link #forStudy(long)}.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.forStudy(study.id())
 *         .states(TrialState.COMPLETE)
 *         .tag("team", "vision")
 *         .paramRange("lr", 1e-4, 1e-2)
 *         .metricRange("val_acc", 0.9, null)
 *         .sortByMetric("val_loss", false)
 *         .page(0, 50)
 *         .build();
 * RunPage page = store.queryRuns(q);
 * }</pre>
 *
 * <p>Ranges are inclusive; a null bound is open. Metric filters and sorts use each run's last point of the
 * metric. Runs lacking the sort key come last in either direction; ties are broken by trial number.
 */
public final class RunQuery {
    /** Largest page size. */
    public static final int MAX_LIMIT = 10_000;

    /** What to sort by. */
    public enum SortField {
        /** Trial number. */
        NUMBER,
        /** Objective value. */
        VALUE,
        /** Start time. */
        STARTED_AT,
        /** A parameter, by name (numbers by value, strings alphabetically). */
        PARAM,
        /** A metric's last value, by name. */
        METRIC
    }

    /**
     * Sort order.
     *
     * @param field what to sort by
     * @param name the parameter or metric name for PARAM and METRIC, else null
     * @param descending whether larger values come first
     */
    public record Sort(SortField field, String name, boolean descending) {
        /** Validates that PARAM and METRIC sorts name their key. */
        public Sort {
            Objects.requireNonNull(field, "sort field");
            if ((field == SortField.PARAM || field == SortField.METRIC) != (name != null)) {
                throw new IllegalArgumentException("sort by " + field + " " + (name == null ? "needs" : "takes no")
                        + " a name, received " + name);
            }
        }
    }

    /**
     * An inclusive range filter on a parameter or metric.
     *
     * @param name the parameter or metric name
     * @param min lower bound or null
     * @param max upper bound or null
     */
    public record Range(String name, Double min, Double max) {
        /** Validates the name and bounds. */
        public Range {
            Checks.name("range filter name", name, 200);
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("range on '" + name + "' has min " + min + " > max " + max);
            }
        }

        /**
         * Whether a value lies in the range.
         *
         * @param v the value, or null
         * @return false for null
         */
        public boolean contains(Double v) {
            return v != null && (min == null || v >= min) && (max == null || v <= max);
        }
    }

    private final long studyId;
    private final Set<TrialState> states;
    private final Map<String, String> tags;
    private final List<Range> paramRanges;
    private final List<Range> metricRanges;
    private final Sort sort;
    private final long offset;
    private final int limit;

    private RunQuery(Builder b) {
        studyId = b.studyId;
        states = Collections.unmodifiableSet(b.states.isEmpty() ? EnumSet.allOf(TrialState.class) : EnumSet.copyOf(b.states));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
        paramRanges = List.copyOf(b.paramRanges);
        metricRanges = List.copyOf(b.metricRanges);
        sort = b.sort;
        offset = b.offset;
        limit = b.limit;
    }

    /**
     * Starts a query over one study (default: every state, sorted by trial number, first 50 runs).
     *
     * @param studyId the study
     * @return a builder
     */
    public static Builder forStudy(long studyId) {
        return new Builder(studyId);
    }

    /** @return the study id */
    public long studyId() {
        return studyId;
    }

    /** @return the accepted states (all states when none was given) */
    public Set<TrialState> states() {
        return states;
    }

    /** @return required tag values by tag key */
    public Map<String, String> tags() {
        return tags;
    }

    /** @return parameter range filters */
    public List<Range> paramRanges() {
        return paramRanges;
    }

    /** @return metric range filters (on the last value) */
    public List<Range> metricRanges() {
        return metricRanges;
    }

    /** @return the sort order */
    public Sort sort() {
        return sort;
    }

    /** @return index of the first run of the page */
    public long offset() {
        return offset;
    }

    /** @return page size */
    public int limit() {
        return limit;
    }

    /**
     * The same query for another page.
     *
     * @param newOffset offset
     * @param newLimit page size
     * @return a new query
     */
    public RunQuery withPage(long newOffset, int newLimit) {
        Builder b = new Builder(studyId);
        b.states.addAll(states.size() == TrialState.values().length ? Set.of() : states);
        b.tags.putAll(tags);
        b.paramRanges.addAll(paramRanges);
        b.metricRanges.addAll(metricRanges);
        b.sort = sort;
        return b.page(newOffset, newLimit).build();
    }

    /** Collects a {@link RunQuery}. */
    public static final class Builder {
        private final long studyId;
        private final Set<TrialState> states = EnumSet.noneOf(TrialState.class);
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<Range> paramRanges = new ArrayList<>();
        private final List<Range> metricRanges = new ArrayList<>();
        private Sort sort = new Sort(SortField.NUMBER, null, false);
        private long offset;
        private int limit = 50;

        private Builder(long studyId) {
            this.studyId = studyId;
        }

        /**
         * Keeps only runs in these states.
         *
         * @param accepted states
         * @return this builder
         */
        public Builder states(TrialState... accepted) {
            states.addAll(List.of(accepted));
            return this;
        }

        /**
         * Keeps only runs with this tag value.
         *
         * @param key tag key
         * @param value tag value
         * @return this builder
         */
        public Builder tag(String key, String value) {
            tags.put(Checks.name("tag key", key, 200), Objects.requireNonNull(value, "tag value"));
            return this;
        }

        /**
         * Keeps only runs whose numeric parameter lies in the range.
         *
         * @param name parameter
         * @param min lower bound or null
         * @param max upper bound or null
         * @return this builder
         */
        public Builder paramRange(String name, Double min, Double max) {
            paramRanges.add(new Range(name, min, max));
            return this;
        }

        /**
         * Keeps only runs whose last metric value lies in the range.
         *
         * @param name metric
         * @param min lower bound or null
         * @param max upper bound or null
         * @return this builder
         */
        public Builder metricRange(String name, Double min, Double max) {
            metricRanges.add(new Range(name, min, max));
            return this;
        }

        /**
         * Sorts by a built-in field.
         *
         * @param field NUMBER, VALUE or STARTED_AT
         * @param descending direction
         * @return this builder
         */
        public Builder sortBy(SortField field, boolean descending) {
            sort = new Sort(field, null, descending);
            return this;
        }

        /**
         * Sorts by a parameter.
         *
         * @param name parameter
         * @param descending direction
         * @return this builder
         */
        public Builder sortByParam(String name, boolean descending) {
            sort = new Sort(SortField.PARAM, name, descending);
            return this;
        }

        /**
         * Sorts by a metric's last value.
         *
         * @param name metric
         * @param descending direction
         * @return this builder
         */
        public Builder sortByMetric(String name, boolean descending) {
            sort = new Sort(SortField.METRIC, name, descending);
            return this;
        }

        /**
         * Selects the page.
         *
         * @param first offset of the first run, {@code >= 0}
         * @param size page size, 1..{@value #MAX_LIMIT}
         * @return this builder
         */
        public Builder page(long first, int size) {
            if (first < 0 || size < 1 || size > MAX_LIMIT) {
                throw new IllegalArgumentException("page needs offset >= 0 and size in 1.." + MAX_LIMIT
                        + ", received offset " + first + ", size " + size);
            }
            offset = first;
            limit = size;
            return this;
        }

        /** @return the query */
        public RunQuery build() {
            return new RunQuery(this);
        }
    }
}
