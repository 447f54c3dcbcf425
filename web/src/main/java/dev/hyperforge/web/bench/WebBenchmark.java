package dev.hyperforge.web.bench;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.FinishedRun;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import dev.hyperforge.web.DashboardServer;
import dev.hyperforge.web.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Times the study page's API calls against a file H2 database holding one study of {@code runs} COMPLETE runs
 * (written 250 per transaction through {@code JdbcRunStore.recordFinishedRuns})
 * with {@code epochs} epochs of four metrics each, through a real {@link DashboardServer} over HTTP on loopback.
 * Prints p50/p95 per call, and of a whole page load (the table, the three chart calls and the latest trials'
 * intermediate values in parallel, as the page does). First, the page's first load on a dashboard just started
 * (each call timed), and its background reads (the table's columns, the chart views) are let finish so that they do not
 * run into what follows; then, on another, the first call of each chart endpoint (the cold cache). Then the live case: a new
 * trial finishes (written through the tracker, as a worker would), and the page's redraw is timed (the study poll,
 * then history, importance and points in parallel), each chart call on its own and the redraw as a whole.
 *
 * <pre>{@code
 * WebBenchmark.run(new PrintWriter(System.out, true), WebBenchmark.Options.defaults());
 * }</pre>
 */
public final class WebBenchmark {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Runs per transaction while populating ({@code JdbcRunStore.recordFinishedRuns}). */
    private static final int POPULATE_BATCH = 250;

    private WebBenchmark() {
    }

    /**
     * What to measure.
     *
     * @param dir directory for the database (a temporary one when null; deleted afterwards only then)
     * @param runs runs in the study
     * @param epochs epochs per run (four metrics each)
     * @param reads timed repetitions per call
     */
    public record Options(Path dir, int runs, int epochs, int reads) {
        /** Validates the sizes. */
        public Options {
            if (runs < 1 || epochs < 1 || reads < 5) {
                throw new IllegalArgumentException("--runs and --epochs must be >= 1 and --reads >= 5, received "
                        + runs + ", " + epochs + ", " + reads);
            }
        }

        /** @return 10 000 runs x 100 epochs, 200 reads, temporary directory */
        public static Options defaults() {
            return new Options(null, 10_000, 100, 200);
        }
    }

    /**
     * Populates (or reuses, when the directory already holds the study) the database and times the calls.
     *
     * @param out where to print
     * @param o options
     * @return p50 and p95 in ms by call name
     */
    public static Map<String, double[]> run(PrintWriter out, Options o) {
        Path dir = o.dir();
        boolean temporary = dir == null;
        try {
            dir = temporary ? Files.createTempDirectory("hf-bench-web") : Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the benchmark directory: " + e.getMessage(), e);
        }
        String url = "jdbc:h2:file:" + dir.resolve("bench-web").toAbsolutePath();
        try (Database db = Database.open(url); JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord study = populate(out, store, o);
            Map<String, double[]> cold = coldPageLoad(out, store, study, o);
            try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
                String base = "http://127.0.0.1:" + server.port();
                Map<String, double[]> results = new LinkedHashMap<>(cold);
                results.putAll(measure(out, base, study, o));
                results.putAll(live(out, base, store, study, o));
                return results;
            }
        } finally {
            if (temporary) {
                deleteQuietly(dir);
            }
        }
    }

    /** A trial finishes, then the page redraws: each round times the poll and the three chart calls. */
    private static Map<String, double[]> live(PrintWriter out, String base, JdbcRunStore store, StudyRecord s,
                                              Options o) {
        String api = base + "/api/studies/" + s.id();
        List<String> charts = List.of("history", "importance", "points (2000)");
        List<String> urls = List.of(api + "/history", api + "/importance", api + "/points?limit=2000");
        int rounds = Math.max(5, o.reads() / 4);
        double[][] ms = new double[charts.size() + 1][rounds];
        SplittableRandom rnd = new SplittableRandom(rounds);
        for (int i = 0; i < rounds; i++) {
            addRun(store, s, provenance(), o.epochs(), rnd, Instant.now());
            long t0 = System.nanoTime();
            get(api);
            List<CompletableFuture<Double>> calls = urls.stream().map(u -> CompletableFuture.supplyAsync(() -> {
                long c0 = System.nanoTime();
                get(u);
                return (System.nanoTime() - c0) / 1e6;
            })).toList();
            for (int c = 0; c < calls.size(); c++) {
                ms[c][i] = calls.get(c).join();
            }
            ms[charts.size()][i] = (System.nanoTime() - t0) / 1e6;
        }
        out.printf(Locale.ROOT, "%nlive: %d rounds of one new COMPLETE trial, then the page's redraw%n", rounds);
        Map<String, double[]> results = new LinkedHashMap<>();
        for (int c = 0; c <= charts.size(); c++) {
            String name = c < charts.size() ? "live " + charts.get(c) + " after a new trial"
                    : "live redraw (poll, then 3 charts in parallel)";
            double[] sorted = ms[c].clone();
            Arrays.sort(sorted);
            results.put(name, new double[] {sorted[sorted.length / 2], p95(sorted)});
            out.printf(Locale.ROOT, "%-46s %9.2f %9.2f%n", name, sorted[sorted.length / 2], p95(sorted));
        }
        out.flush();
        return results;
    }

    private static Provenance provenance() {
        return Provenance.builder(Environment.capture()).experimentFile("benchmark: web\n")
                .resolvedConfig("{}").seed("benchmark", 42).dataFingerprint(Hashing.sha256Hex("none"))
                .nd4j("none", "none").build();
    }

    private static StudyRecord populate(PrintWriter out, JdbcRunStore store, Options o) {
        String name = "bench-web-" + o.runs() + "x" + o.epochs();
        StudyRecord s = store.createOrGetStudy(new StudySpec(name, Direction.MAXIMIZE, "gp", "{}", 42));
        int have = (int) store.studySummary(s.id()).total();
        if (have >= o.runs()) {
            out.printf(Locale.ROOT, "reusing study '%s' (%,d runs)%n", name, have);
            return s;
        }
        Provenance prov = provenance();
        SplittableRandom rnd = new SplittableRandom(42);
        long t0 = System.nanoTime();
        int step = Math.max(1, o.runs() / 10);
        for (int i = have; i < o.runs(); ) {
            int n = Math.min(POPULATE_BATCH, o.runs() - i);
            List<FinishedRun> batch = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                batch.add(trial(o.epochs(), rnd, Instant.now()));
            }
            store.recordFinishedRuns(s.id(), prov, batch);
            if ((i + n) / step > i / step) {
                out.printf(Locale.ROOT, "  populated %,d / %,d runs (%.0f s)%n", i + n, o.runs(),
                        (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
            i += n;
        }
        return s;
    }

    /** One run through the tracker's calls, as a worker writes it (the live rounds). */
    private static void addRun(JdbcRunStore store, StudyRecord s, Provenance prov, int epochs, SplittableRandom rnd,
                               Instant now) {
        FinishedRun t = trial(epochs, rnd, now);
        Run r = store.startRun(s.id(), prov);
        store.setParams(r.id(), t.params());
        store.logMetrics(r.id(), t.metrics());
        store.finishRun(r.id(), TrialState.COMPLETE, t.value(), null);
    }

    /**
     * A COMPLETE trial whose accuracy peaks near lr = 10^-2.5, with its four metrics per epoch, finished at
     * {@code now} (the populate passes the time of each run, so finish times spread as a worker's would).
     */
    private static FinishedRun trial(int epochs, SplittableRandom rnd, Instant now) {
        double lr = Math.exp(rnd.nextDouble(Math.log(1e-4), Math.log(1e-1)));
        List<ParamValue> params = List.of(ParamValue.ofFloat("lr", lr, "{}"),
                ParamValue.ofInt("units", 16L << rnd.nextInt(5), "{}"),
                ParamValue.ofFloat("dropout", Math.round(rnd.nextDouble(0, 0.6) * 10) / 10.0, "{}"),
                ParamValue.ofString("optimizer", rnd.nextBoolean() ? "adam" : "rmsprop", "{}"));
        double top = 0.6 + 0.3 * Math.exp(-Math.pow(Math.log10(lr) + 2.5, 2)) + rnd.nextDouble(-0.03, 0.03);
        List<MetricPoint> points = new ArrayList<>(4 * epochs);
        double acc = 0;
        for (int e = 0; e < epochs; e++) {
            double p = 1 - Math.exp(-4.0 * (e + 1) / epochs);
            acc = 0.1 + (top - 0.1) * p;
            points.add(new MetricPoint("loss", e, 2.3 * (1 - p) + 0.2, now));
            points.add(new MetricPoint("accuracy", e, acc + 0.03, now));
            points.add(new MetricPoint("val_loss", e, 2.3 * (1 - p) + 0.25, now));
            points.add(new MetricPoint("val_accuracy", e, acc, now));
        }
        return new FinishedRun(TrialState.COMPLETE, now, now, acc, params, points);
    }

    private static Map<String, double[]> measure(PrintWriter out, String base, StudyRecord s, Options o) {
        String api = base + "/api/studies/" + s.id();
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("study (also the live poll)", api);
        calls.put("runs page 1 (50, by number)", api + "/runs?sort=number&offset=0&limit=50");
        calls.put("runs sorted by val_accuracy desc", api + "/runs?sort=metric:val_accuracy&desc=true&limit=50");
        calls.put("runs filtered param+metric", api + "/runs?param=lr:0.001:0.01&metric=val_accuracy:0.8:&limit=50");
        calls.put("runs last page", api + "/runs?offset=" + Math.max(0, o.runs() - 50) + "&limit=50");
        calls.put("history", api + "/history");
        calls.put("importance", api + "/importance");
        calls.put("points (2000)", api + "/points?limit=2000");
        calls.put("trials (300, intermediate values)", api + "/trials?limit=300");
        out.printf(Locale.ROOT, "%nstudy '%s' over HTTP on loopback; %d reads per call after 5 warm-up reads%n", s.name(),
                o.reads());
        for (String chart : List.of("history", "importance", "points (2000)")) {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long gc0 = gcMillis();
            get(calls.get(chart));
            out.printf(Locale.ROOT, "  first %s call (cold cache): %.1f ms (process CPU %.0f ms, GC pauses %d ms)%n", chart,
                    (System.nanoTime() - t0) / 1e6, (processCpuNanos() - cpu0) / 1e6, gcMillis() - gc0);
        }
        Map<String, double[]> results = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "%-36s %9s %9s %9s%n", "call", "p50 ms", "p95 ms", "KiB");
        for (Map.Entry<String, String> c : calls.entrySet()) {
            int[] size = {0};
            double[] ms = time(o.reads(), () -> size[0] = get(c.getValue()).length());
            results.put(c.getKey(), new double[] {ms[ms.length / 2], p95(ms)});
            out.printf(Locale.ROOT, "%-36s %9.2f %9.2f %9.1f%n", c.getKey(), ms[ms.length / 2], p95(ms), size[0] / 1024.0);
        }
        double[] ms = pageLoad(calls, o.reads());
        results.put("whole page load", new double[] {ms[ms.length / 2], p95(ms)});
        out.printf(Locale.ROOT, "%-36s %9.2f %9.2f%n", "whole page load (study, then 5 in parallel)", ms[ms.length / 2],
                p95(ms));
        out.flush();
        return results;
    }

    /**
     * The study page's first load on a dashboard that has just started (nothing kept): the study call, then the
     * table, the three charts and the trials in parallel, as the page asks for them; each call timed on its own.
     */
    private static Map<String, double[]> coldPageLoad(PrintWriter out, JdbcRunStore store, StudyRecord s, Options o) {
        try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
            String api = "http://127.0.0.1:" + server.port() + "/api/studies/" + s.id();
            List<String> names = List.of("study", "runs page 1", "history", "importance", "points (2000)", "trials");
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long gc0 = gcMillis();
            double study = timed(api);
            List<CompletableFuture<Double>> calls = List.of(api + "/runs?sort=number&offset=0&limit=50",
                    api + "/history", api + "/importance", api + "/points?limit=2000", api + "/trials?limit=300")
                    .stream().map(u -> CompletableFuture.supplyAsync(() -> timed(u))).toList();
            Map<String, double[]> results = new LinkedHashMap<>();
            results.put("cold study", new double[] {study, study});
            out.printf(Locale.ROOT, "%nfirst page load on a dashboard just started (%,d runs):%n  %-20s %9.1f ms%n",
                    o.runs(), names.get(0), study);
            for (int i = 0; i < calls.size(); i++) {
                double ms = calls.get(i).join();
                results.put("cold " + names.get(i + 1), new double[] {ms, ms});
                out.printf(Locale.ROOT, "  %-20s %9.1f ms%n", names.get(i + 1), ms);
            }
            double all = (System.nanoTime() - t0) / 1e6;
            results.put("cold page load", new double[] {all, all});
            out.printf(Locale.ROOT, "  %-20s %9.1f ms (the process's CPU time meanwhile: %.0f ms, GC pauses %d ms)%n",
                    "whole page load", all, (processCpuNanos() - cpu0) / 1e6, gcMillis() - gc0);
            long w0 = System.nanoTime();
            server.awaitBackground(java.time.Duration.ofMinutes(10));
            out.printf(Locale.ROOT, "  then its background reads (table columns, chart views) took %.1f s more%n",
                    (System.nanoTime() - w0) / 1e9);
            out.flush();
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the dashboard's background reads ran", e);
        }
    }

    /**
     * CPU time of this process (server, client, JIT and GC threads together), or 0 where the JVM does not tell: on a
     * machine shared with other work it shows what a call costs apart from the wait for a core.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /**
     * Time the collectors have spent so far ({@code GarbageCollectorMXBean}: with the parallel collector, pauses), to
     * tell a slow cold call that a collection fell into from one that did its own work slowly.
     */
    private static long gcMillis() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static double timed(String url) {
        long t0 = System.nanoTime();
        get(url);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The study page's load: the study, then the table, the three chart calls and the trials in parallel. */
    private static double[] pageLoad(Map<String, String> calls, int reads) {
        List<String> page = List.of(calls.get("runs page 1 (50, by number)"), calls.get("history"),
                calls.get("importance"), calls.get("points (2000)"), calls.get("trials (300, intermediate values)"));
        return time(reads, () -> {
            get(calls.get("study (also the live poll)"));
            CompletableFuture.allOf(page.stream().map(u -> CompletableFuture.runAsync(() -> get(u)))
                    .toArray(CompletableFuture[]::new)).join();
        });
    }

    private static double[] time(int reads, Runnable call) {
        for (int i = 0; i < 5; i++) {
            call.run();
        }
        double[] ms = new double[reads];
        for (int i = 0; i < reads; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double p95(double[] sorted) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)];
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }
}
