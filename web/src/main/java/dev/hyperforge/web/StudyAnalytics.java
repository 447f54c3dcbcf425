package dev.hyperforge.web;

import dev.hyperforge.tracker.Direction;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TrialPoint;
import dev.hyperforge.web.Importance.Slim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Study-level views computed from the COMPLETE runs: optimisation history with the best-so-far line, parameter
 * importance ({@link Importance}) and the points behind the parallel-coordinates, slice and contour charts.
 *
 * <p>COMPLETE runs never change, so each study's trials are kept and only the new ones are read: when the number of
 * COMPLETE runs (the caller reads it cheaply from the study summary) differs from the kept one, the trials finished
 * since the latest kept finish time, less {@link #CLOCK_MARGIN} for workers whose clocks lag, are read with the
 * tracker's light {@link RunStore#completeTrials} query and merged by run id. Should the merged count still fall
 * short (a worker's clock further behind), everything is read again. The views are derived lazily, once per
 * change.
 */
final class StudyAnalytics {
    /** How far behind the latest finish time an incremental read starts. */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(10);

    /** One study's kept trials and the views derived from them. */
    private static final class Cached {
        final Map<Long, TrialPoint> byId;
        final Instant watermark;
        final List<Slim> runs;
        final Supplier<List<Map<String, Object>>> history;
        final Supplier<List<Map<String, Object>>> importance;
        final Supplier<List<Slim>> bestFirst;

        Cached(Map<Long, TrialPoint> byId, Direction direction) {
            this.byId = byId;
            this.watermark = byId.values().stream().map(TrialPoint::finishedAt).max(Comparator.naturalOrder())
                    .orElse(Instant.EPOCH);
            List<Slim> slim = new ArrayList<>(byId.size());
            for (TrialPoint t : byId.values()) {
                if (Double.isFinite(t.value())) {
                    Map<String, Object> params = new LinkedHashMap<>();
                    t.params().values().stream().sorted(Comparator.comparing(p -> p.name()))
                            .forEach(p -> params.put(p.name(), p.value()));
                    slim.add(new Slim(t.runId(), t.number(), t.value(), params));
                }
            }
            slim.sort(Comparator.comparingInt(Slim::number));
            this.runs = List.copyOf(slim);
            this.history = memo(() -> StudyAnalytics.history(runs, direction));
            this.importance = memo(() -> Importance.of(runs));
            this.bestFirst = memo(() -> {
                List<Slim> sorted = new ArrayList<>(runs);
                Comparator<Slim> byValue = Comparator.comparingDouble(Slim::value);
                sorted.sort(direction == Direction.MAXIMIZE ? byValue.reversed() : byValue);
                return List.copyOf(sorted);
            });
        }
    }

    private final RunStore store;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong fullReads = new java.util.concurrent.atomic.AtomicLong();

    StudyAnalytics(RunStore store) {
        this.store = store;
    }

    List<Map<String, Object>> history(StudyRecord study, long completeCount) {
        return get(study, completeCount).history.get();
    }

    List<Map<String, Object>> importance(StudyRecord study, long completeCount) {
        return get(study, completeCount).importance.get();
    }

    /** The best {@code limit} COMPLETE runs (params and value), best first. */
    List<Map<String, Object>> points(StudyRecord study, long completeCount, int limit) {
        List<Slim> best = get(study, completeCount).bestFirst.get();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Slim s : best.subList(0, Math.min(limit, best.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("number", s.number());
            m.put("value", s.value());
            m.put("params", s.params());
            out.add(m);
        }
        return out;
    }

    /** @return how many times a study's trials were read in full (the first read and any catch-up) */
    long fullReads() {
        return fullReads.get();
    }

    private Cached get(StudyRecord study, long completeCount) {
        Cached c = cache.get(study.id());
        if (c != null && c.byId.size() >= completeCount) {
            return c;
        }
        synchronized (locks.computeIfAbsent(study.id(), k -> new Object())) {
            c = cache.get(study.id());
            if (c != null && c.byId.size() >= completeCount) {
                return c;
            }
            Map<Long, TrialPoint> byId = c == null ? new HashMap<>() : new HashMap<>(c.byId);
            if (c != null) {
                store.completeTrials(study.id(), c.watermark.minus(CLOCK_MARGIN)).forEach(t -> byId.put(t.runId(), t));
            }
            if (byId.size() < completeCount) {
                fullReads.incrementAndGet();
                byId.clear();
                store.completeTrials(study.id(), Instant.EPOCH).forEach(t -> byId.put(t.runId(), t));
            }
            Cached fresh = new Cached(byId, study.direction());
            cache.put(study.id(), fresh);
            return fresh;
        }
    }

    private static List<Map<String, Object>> history(List<Slim> runs, Direction direction) {
        List<Map<String, Object>> out = new ArrayList<>(runs.size());
        Double best = null;
        for (Slim s : runs) {
            if (best == null || (direction == Direction.MAXIMIZE ? s.value() > best : s.value() < best)) {
                best = s.value();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("number", s.number());
            m.put("value", s.value());
            m.put("best", best);
            out.add(m);
        }
        return List.copyOf(out);
    }

    /** A supplier that computes once, on first use. */
    private static <T> Supplier<T> memo(Supplier<T> compute) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = compute.get();
                }
                return value;
            }
        };
    }
}
