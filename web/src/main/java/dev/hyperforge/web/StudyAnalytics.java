package dev.hyperforge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.Direction;
import dev.hyperforge.tracker.RunStore;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.TrialPoint;
import dev.hyperforge.web.Importance.Slim;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

    /** The default number of points, whose JSON is kept. */
    static final int DEFAULT_POINTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One point of the optimisation history (serialised as is).
     *
     * @param id run id
     * @param number trial number
     * @param value objective value
     * @param best best value so far
     */
    record HistoryPoint(long id, int number, double value, double best) {
    }

    /** One study's kept trials (finite values as {@link Slim}, by run id) and the views derived from them. */
    private static final class Cached {
        final Map<Long, Slim> byId;
        final Instant watermark;
        final List<Slim> runs;
        final Supplier<List<HistoryPoint>> history;
        final Supplier<String> historyJson;
        final Supplier<List<Map<String, Object>>> importance;
        final Supplier<List<Slim>> bestFirst;
        final Supplier<String> defaultPointsJson;

        Cached(Map<Long, Slim> byId, Instant watermark, Direction direction) {
            this.byId = byId;
            this.watermark = watermark;
            List<Slim> slim = new ArrayList<>(byId.size());
            byId.values().stream().filter(x -> x != NOT_FINITE).forEach(slim::add);
            slim.sort(Comparator.comparingInt(Slim::number));
            this.runs = List.copyOf(slim);
            this.history = memo(() -> StudyAnalytics.history(runs, direction));
            this.historyJson = memo(() -> json(history.get()));
            this.importance = memo(() -> Importance.of(runs));
            this.bestFirst = memo(() -> {
                List<Slim> sorted = new ArrayList<>(runs);
                Comparator<Slim> byValue = Comparator.comparingDouble(Slim::value);
                sorted.sort(direction == Direction.MAXIMIZE ? byValue.reversed() : byValue);
                return List.copyOf(sorted);
            });
            this.defaultPointsJson = memo(() -> json(best(bestFirst.get(), DEFAULT_POINTS)));
        }
    }

    /** Stands for a COMPLETE trial whose value is infinite: counted, but not drawn. */
    private static final Slim NOT_FINITE = new Slim(-1, -1, 0, Map.of());

    private final RunStore store;
    private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong fullReads = new java.util.concurrent.atomic.AtomicLong();

    StudyAnalytics(RunStore store) {
        this.store = store;
    }

    List<HistoryPoint> history(StudyRecord study, long completeCount) {
        return get(study, completeCount).history.get();
    }

    /** @return {@link #history} as a JSON array, serialised once per change */
    String historyJson(StudyRecord study, long completeCount) {
        return get(study, completeCount).historyJson.get();
    }

    /** @return {@link #points} as a JSON array (kept for the default limit) */
    String pointsJson(StudyRecord study, long completeCount, int limit) {
        Cached c = get(study, completeCount);
        return limit == DEFAULT_POINTS ? c.defaultPointsJson.get() : json(best(c.bestFirst.get(), limit));
    }

    List<Map<String, Object>> importance(StudyRecord study, long completeCount) {
        return get(study, completeCount).importance.get();
    }

    /** The best {@code limit} COMPLETE runs ({@code id, number, value, params}), best first. */
    List<Slim> points(StudyRecord study, long completeCount, int limit) {
        return best(get(study, completeCount).bestFirst.get(), limit);
    }

    private static List<Slim> best(List<Slim> bestFirst, int limit) {
        return bestFirst.subList(0, Math.min(limit, bestFirst.size()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write chart data as JSON: " + e.getOriginalMessage(), e);
        }
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
            Map<Long, Slim> byId = c == null ? new HashMap<>() : new HashMap<>(c.byId);
            Instant[] watermark = {c == null ? Instant.EPOCH : c.watermark};
            if (c != null) {
                merge(byId, watermark, store.completeTrials(study.id(), c.watermark.minus(CLOCK_MARGIN)));
            }
            if (byId.size() < completeCount) {
                fullReads.incrementAndGet();
                byId.clear();
                merge(byId, watermark, store.completeTrials(study.id(), Instant.EPOCH));
            }
            Cached fresh = new Cached(byId, watermark[0], study.direction());
            cache.put(study.id(), fresh);
            return fresh;
        }
    }

    /** Adds trials not yet kept (a kept trial never changes) and moves the watermark to the latest finish. */
    private static void merge(Map<Long, Slim> byId, Instant[] watermark, List<TrialPoint> trials) {
        for (TrialPoint t : trials) {
            byId.computeIfAbsent(t.runId(), k -> slim(t));
            if (t.finishedAt().isAfter(watermark[0])) {
                watermark[0] = t.finishedAt();
            }
        }
    }

    private static Slim slim(TrialPoint t) {
        if (!Double.isFinite(t.value())) {
            return NOT_FINITE;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        t.params().values().stream().sorted(Comparator.comparing(p -> p.name()))
                .forEach(p -> params.put(p.name(), p.value()));
        return new Slim(t.runId(), t.number(), t.value(), Collections.unmodifiableMap(params));
    }

    private static List<HistoryPoint> history(List<Slim> runs, Direction direction) {
        List<HistoryPoint> out = new ArrayList<>(runs.size());
        double best = Double.NaN;
        for (Slim s : runs) {
            if (Double.isNaN(best) || (direction == Direction.MAXIMIZE ? s.value() > best : s.value() < best)) {
                best = s.value();
            }
            out.add(new HistoryPoint(s.id(), s.number(), s.value(), best));
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
