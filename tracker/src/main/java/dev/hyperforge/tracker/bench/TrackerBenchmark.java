package dev.hyperforge.tracker.bench;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunPage;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * {@code hf bench tracker}: metric points per second logged in batches, and the time to read one page of runs
 * (with params and last metrics) out of a large study, on the embedded file database by default.
 *
 * <pre>{@code
 * TrackerBenchmark.Result r = TrackerBenchmark.run(System.out, TrackerBenchmark.Options.defaults());
 * }</pre>
 * From a shell: {@code java -cp tracker.jar:... dev.hyperforge.tracker.bench.TrackerBenchmark --runs 10000 --epochs 100}.
 */
public final class TrackerBenchmark {
    private TrackerBenchmark() {
    }

    /**
     * What to measure.
     *
     * @param url database URL, or null for a fresh embedded file database in a temporary directory
     * @param throughputPoints points logged into one run for the throughput figure
     * @param batchSize points per {@code logMetrics} call
     * @param runs runs of the study read back by pages
     * @param epochs epochs per run (one {@code loss} and one {@code val_loss} point each)
     * @param pageSize runs per page
     * @param pageReads timed page reads per query (after warm-up)
     */
    public record Options(String url, int throughputPoints, int batchSize, int runs, int epochs, int pageSize,
                          int pageReads) {
        /** Validates sizes. */
        public Options {
            if (throughputPoints < 1 || batchSize < 1 || runs < 1 || epochs < 1 || pageSize < 1 || pageReads < 1) {
                throw new IllegalArgumentException("benchmark sizes must be >= 1");
            }
        }

        /** @return the sizes: 1 000 000 points in batches of 1000; 10 000 runs x 100 epochs; pages of 50 */
        public static Options defaults() {
            return new Options(null, 1_000_000, 1000, 10_000, 100, 50, 30);
        }
    }

    /**
     * Measured figures.
     *
     * @param pointsPerSecond batched metric throughput into one run
     * @param populatePointsPerSecond metric throughput while filling the study (one batch per run)
     * @param populateSeconds time to fill the study (runs, params, metrics, finish)
     * @param pageMillisMedianByMetric median time of a page sorted by the last {@code val_loss}
     * @param pageMillisP95ByMetric 95th percentile of the same
     * @param pageMillisMedianFiltered median time of a page filtered by param and metric range, sorted by param
     * @param pageMillisMedianByNumber median time of a page in trial-number order, deep offset
     */
    public record Result(double pointsPerSecond, double populatePointsPerSecond, double populateSeconds,
                         double pageMillisMedianByMetric, double pageMillisP95ByMetric,
                         double pageMillisMedianFiltered, double pageMillisMedianByNumber) {
    }

    /**
     * Runs the benchmark and prints the figures.
     *
     * @param out where to print progress and results
     * @param options sizes and database
     * @return the figures
     */
    public static Result run(PrintStream out, Options options) {
        Path tmp = null;
        String url = options.url();
        if (url == null) {
            try {
                tmp = Files.createTempDirectory("hf-bench-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for the benchmark database", e);
            }
            url = "jdbc:h2:file:" + tmp.resolve("bench") + ";AUTO_SERVER=FALSE";
        }
        out.printf(Locale.ROOT, "tracker benchmark on %s%n", Database.redact(url));
        try (Database db = Database.open(url)) {
            JdbcRunStore store = new JdbcRunStore(db);
            Provenance prov = provenance();
            String suffix = Long.toString(System.currentTimeMillis(), 36);
            double pps = throughput(out, store, prov, options, suffix);
            StudyRecord study = store.createOrGetStudy(new StudySpec("bench-read-" + suffix, Direction.MINIMIZE,
                    "random", "{}", 1));
            double[] populate = populate(out, store, prov, study, options);
            RunQuery byMetric = RunQuery.forStudy(study.id()).sortByMetric("val_loss", false)
                    .page(0, options.pageSize()).build();
            double[] metricTimes = timePages(store, byMetric, options.pageReads());
            RunQuery filtered = RunQuery.forStudy(study.id()).states(TrialState.COMPLETE).paramRange("lr", 1e-3, 5e-2)
                    .metricRange("val_loss", null, 0.5).sortByParam("lr", true).page(0, options.pageSize()).build();
            double[] filteredTimes = timePages(store, filtered, options.pageReads());
            RunQuery byNumber = RunQuery.forStudy(study.id())
                    .page(Math.max(0, options.runs() - options.pageSize()) / 2, options.pageSize()).build();
            double[] numberTimes = timePages(store, byNumber, options.pageReads());
            Result r = new Result(pps, populate[0], populate[1], median(metricTimes), p95(metricTimes),
                    median(filteredTimes), median(numberTimes));
            out.printf(Locale.ROOT, "page of %d runs (params + last metrics) of %d runs x %d epochs:%n",
                    options.pageSize(), options.runs(), options.epochs());
            out.printf(Locale.ROOT, "  sorted by last val_loss:           median %.2f ms, p95 %.2f ms%n",
                    r.pageMillisMedianByMetric(), r.pageMillisP95ByMetric());
            out.printf(Locale.ROOT, "  filtered (state, lr, val_loss):    median %.2f ms%n", r.pageMillisMedianFiltered());
            out.printf(Locale.ROOT, "  trial-number order, middle offset: median %.2f ms%n", r.pageMillisMedianByNumber());
            return r;
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    private static double throughput(PrintStream out, JdbcRunStore store, Provenance prov, Options o, String suffix) {
        StudyRecord s = store.createOrGetStudy(new StudySpec("bench-write-" + suffix, Direction.MINIMIZE, "random",
                "{}", 1));
        Run run = store.startRun(s.id(), prov);
        List<MetricPoint> batch = new ArrayList<>(o.batchSize());
        Instant now = Instant.now();
        long warm = Math.min(o.throughputPoints() / 4, 250_000); // let the JIT compile H2 and the writer first
        long step = 0;
        for (long i = 0; i < warm; i += o.batchSize()) {
            store.logMetrics(run.id(), batch(batch, "warmup", step, o.batchSize(), now));
            step += o.batchSize();
        }
        long logged = 0;
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        step = 0;
        while (logged < o.throughputPoints()) {
            store.logMetrics(run.id(), batch(batch, "loss", step, o.batchSize(), now));
            step += o.batchSize();
            logged += o.batchSize();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        double pps = logged / seconds;
        out.printf(Locale.ROOT, "metric logging: %,d points in batches of %d in %.2f s = %,.0f points/s"
                + " (process CPU %.2f s = %,.0f points per CPU-second)%n", logged, o.batchSize(), seconds, pps,
                cpuSeconds, cpuSeconds > 0 ? logged / cpuSeconds : Double.NaN);
        store.finishRun(run.id(), TrialState.COMPLETE, 0.0, null);
        return pps;
    }

    /** CPU time of this process (all threads), or 0 where the JVM does not report it. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0L;
    }

    private static List<MetricPoint> batch(List<MetricPoint> reuse, String name, long fromStep, int size, Instant t) {
        reuse.clear();
        for (int i = 0; i < size; i++) {
            reuse.add(new MetricPoint(name, fromStep + i, 1.0 / (fromStep + i + 1), t));
        }
        return reuse;
    }

    private static double[] populate(PrintStream out, JdbcRunStore store, Provenance prov, StudyRecord study,
                                     Options o) {
        SplittableRandom rnd = new SplittableRandom(42);
        long metricNanos = 0;
        long points = 0;
        long t0 = System.nanoTime();
        List<MetricPoint> batch = new ArrayList<>(2 * o.epochs());
        Instant now = Instant.now();
        for (int i = 0; i < o.runs(); i++) {
            Run r = store.startRun(study.id(), prov);
            double lr = Math.exp(rnd.nextDouble(Math.log(1e-4), Math.log(1e-1)));
            store.setParams(r.id(), List.of(ParamValue.ofFloat("lr", lr, "{\"type\":\"log-float\"}"),
                    ParamValue.ofInt("units", 32L << rnd.nextInt(5), "{\"type\":\"int\"}"),
                    ParamValue.ofString("activation", rnd.nextBoolean() ? "relu" : "tanh", "{\"type\":\"choice\"}")));
            double floor = rnd.nextDouble(0.05, 1.0);
            batch.clear();
            for (int e = 0; e < o.epochs(); e++) {
                double decay = Math.exp(-e / 20.0);
                batch.add(new MetricPoint("loss", e, floor + decay, now));
                batch.add(new MetricPoint("val_loss", e, floor * 1.1 + decay, now));
            }
            long m0 = System.nanoTime();
            store.logMetrics(r.id(), batch);
            metricNanos += System.nanoTime() - m0;
            points += batch.size();
            store.finishRun(r.id(), TrialState.COMPLETE, batch.get(batch.size() - 1).value(), null);
            if ((i + 1) % Math.max(1, o.runs() / 10) == 0) {
                out.printf(Locale.ROOT, "  populated %,d / %,d runs%n", i + 1, o.runs());
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double pps = points / (metricNanos / 1e9);
        out.printf(Locale.ROOT, "populated %,d runs x %d epochs (%,d points) in %.1f s; logMetrics alone %,.0f points/s"
                + " (batches of %d)%n", o.runs(), o.epochs(), points, seconds, pps, 2 * o.epochs());
        return new double[] {pps, seconds};
    }

    private static double[] timePages(JdbcRunStore store, RunQuery q, int reads) {
        Supplier<RunPage> read = () -> store.queryRuns(q);
        for (int i = 0; i < 5; i++) {
            read.get();
        }
        double[] ms = new double[reads];
        for (int i = 0; i < reads; i++) {
            long t0 = System.nanoTime();
            RunPage page = read.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            if (page.runs().isEmpty() && page.total() > 0) {
                throw new IllegalStateException("benchmark query returned an empty page");
            }
        }
        Arrays.sort(ms);
        return ms;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static double p95(double[] sorted) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)];
    }

    private static Provenance provenance() {
        return Provenance.builder(Environment.capture()).experimentFile("benchmark: tracker\n")
                .resolvedConfig("{\"benchmark\":\"tracker\"}").seed("benchmark", 42)
                .dataFingerprint(Hashing.sha256Hex("no data")).nd4j("none", "none").build();
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files only
        }
    }

    /**
     * Command line: {@code [--db URL] [--points N] [--batch N] [--runs N] [--epochs N] [--page N] [--reads N]}.
     *
     * @param args options
     */
    public static void main(String[] args) {
        Options d = Options.defaults();
        String url = d.url();
        int points = d.throughputPoints();
        int batch = d.batchSize();
        int runs = d.runs();
        int epochs = d.epochs();
        int page = d.pageSize();
        int reads = d.pageReads();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--db" -> url = value;
                case "--points" -> points = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--page" -> page = Integer.parseInt(value);
                case "--reads" -> reads = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; expected --db, --points,"
                        + " --batch, --runs, --epochs, --page or --reads");
            }
            i++;
        }
        run(System.out, new Options(url, points, batch, runs, epochs, page, reads));
    }
}
