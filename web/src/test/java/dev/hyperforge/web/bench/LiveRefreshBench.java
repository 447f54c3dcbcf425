package dev.hyperforge.web.bench;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.Environment;
import dev.hyperforge.tracker.Hashing;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.Provenance;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import dev.hyperforge.web.DashboardServer;
import dev.hyperforge.web.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the dashboard's live refresh costs while trials run and the trial count does not change: on a study of
 * {@code runs} COMPLETE runs ({@code epochs} epochs of four metrics) plus {@code running} RUNNING ones, each round the
 * running trials log one more epoch, then the study page's poll is timed (the study, the trials' curves
 * {@code /trials?limit=300}, the table's first page, one after another as {@code study.js} does) and the run page's
 * refresh (the run, its metrics). The poll that read the 300 latest trials at every round is timed next to it.
 * Not a test: run it by hand (web/BENCHMARK.md says how) and note the figures there.
 *
 * <pre>{@code
 * java -cp "web/target/classes:web/target/test-classes:$(cat cp.txt)" dev.hyperforge.web.bench.LiveRefreshBench 1000 50 4 60
 * }</pre>
 */
public final class LiveRefreshBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LiveRefreshBench() {
    }

    /**
     * @param args runs, epochs, running trials, rounds (default 1000 50 4 60)
     * @throws Exception when the database or the server fails
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int running = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        Path dir = Files.createTempDirectory("hf-bench-live");
        try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("live").toAbsolutePath());
             JdbcRunStore store = new JdbcRunStore(db)) {
            StudyRecord s = store.createOrGetStudy(new StudySpec("bench-live", Direction.MAXIMIZE, "gp", "{}", 42));
            Provenance prov = Provenance.builder(Environment.capture()).experimentFile("benchmark: live\n")
                    .resolvedConfig("{}").seed("benchmark", 42).dataFingerprint(Hashing.sha256Hex("none"))
                    .nd4j("none", "none").build();
            for (int i = 0; i < runs; i++) {
                Run r = store.startRun(s.id(), prov);
                store.logMetrics(r.id(), epochs(0, epochs));
                store.finishRun(r.id(), TrialState.COMPLETE, 0.8, null);
            }
            List<Run> live = new ArrayList<>();
            for (int i = 0; i < running; i++) {
                live.add(store.startRun(s.id(), prov));
            }
            try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
                String api = "http://127.0.0.1:" + server.port() + "/api";
                double[] study = new double[rounds];
                double[] before = new double[rounds];
                double[] run = new double[rounds];
                for (int k = -5; k < rounds; k++) {
                    int epoch = k + 5;
                    for (Run r : live) {
                        store.logMetrics(r.id(), epochs(epoch, epoch + 1));
                        store.reportIntermediate(r.id(), epoch, 0.5 + epoch * 0.001);
                    }
                    long tb = System.nanoTime();
                    get(api + "/studies/" + s.id());
                    get(api + "/studies/" + s.id() + "/trials?limit=300");
                    get(api + "/studies/" + s.id() + "/runs?sort=number&offset=0&limit=50");
                    long t0 = System.nanoTime();
                    get(api + "/studies/" + s.id());
                    get(api + "/studies/" + s.id() + "/trials?state=RUNNING&limit=300");
                    get(api + "/studies/" + s.id() + "/runs?sort=number&desc=true&offset=0&limit=50");
                    long t1 = System.nanoTime();
                    get(api + "/runs/" + live.get(0).id());
                    get(api + "/runs/" + live.get(0).id() + "/metrics");
                    long t2 = System.nanoTime();
                    if (k >= 0) {
                        before[k] = (t0 - tb) / 1e6;
                        study[k] = (t1 - t0) / 1e6;
                        run[k] = (t2 - t1) / 1e6;
                    }
                }
                System.out.printf(Locale.ROOT, "%d COMPLETE runs x %d epochs + %d RUNNING, %d rounds%n", runs, epochs,
                        running, rounds);
                report("study poll, all 300 latest trials + table", before);
                report("study poll, running trials only + table", study);
                report("run page refresh (run, metrics)", run);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<MetricPoint> epochs(int from, int to) {
        List<MetricPoint> points = new ArrayList<>();
        Instant now = Instant.now();
        for (int e = from; e < to; e++) {
            double p = 1 - Math.exp(-0.1 * (e + 1));
            points.add(new MetricPoint("loss", e, 2.3 * (1 - p) + 0.2, now));
            points.add(new MetricPoint("accuracy", e, 0.1 + 0.8 * p, now));
            points.add(new MetricPoint("val_loss", e, 2.3 * (1 - p) + 0.25, now));
            points.add(new MetricPoint("val_accuracy", e, 0.1 + 0.75 * p, now));
        }
        return points;
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-46s p50 %7.2f ms  p95 %7.2f ms%n", what, s[s.length / 2],
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.95) - 1)]);
    }

    private static void get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
