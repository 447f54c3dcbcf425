package dev.hyperforge.experiments.asktell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.experiments.cli.Main;
import dev.hyperforge.experiments.run.Replay;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.jdbc.Database;
import dev.hyperforge.tracker.jdbc.JdbcRunStore;
import dev.hyperforge.web.DashboardServer;
import dev.hyperforge.web.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's HTTP ask/tell: 20-trial studies driven over {@code POST /api/studies/{id}/ask}, {@code /api/runs/{id}/metrics}
 * and {@code /api/runs/{id}/tell} by four Java threads at once (in-process server), and by a Python 3 standard-library
 * client and a curl loop against {@code hf serve} in a child JVM with a token. Every trial is told exactly once,
 * nothing is lost, and the budget holds: the 21st ask is 409; the suggestions made for concurrent askers (each seeing the
 * others' running trials) replay exactly.
 */
class HttpAskTellTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern URL = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+)/");
    @TempDir
    Path dir;

    private static int hf(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(out), args);
        assertEquals(0, code, out.toString());
        return code;
    }

    private String setUp(String db, String study) throws IOException {
        Path file = dir.resolve("study.yaml");
        Files.writeString(file, ShellLoopTest.FILE);
        hf("tune", file.toString(), "--study", study, "--setup-only", "--trials", "20", "--db", db);
        return study;
    }

    static double f(JsonNode params) {
        return Math.pow(params.get("x").asDouble() - 1.5, 2) + Math.pow(params.get("y").asDouble() + 0.5, 2);
    }

    private static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fourJavaThreadsTellEveryTrialOfA20TrialStudyExactlyOnce() throws Exception {
        String db = "jdbc:h2:mem:asktell-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        setUp(db, "http-java");
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d);
             DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null), new TrackedAskTell(store))) {
            long studyId = store.findStudy("http-java").orElseThrow().id();
            String base = "http://127.0.0.1:" + server.port();
            Set<Integer> told = ConcurrentHashMap.newKeySet();
            List<Integer> refusals = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(pool.submit(() -> {
                    while (true) {
                        HttpResponse<String> a = post(base + "/api/studies/" + studyId + "/ask", "{}");
                        if (a.statusCode() == 409) {
                            return 409;
                        }
                        assertEquals(201, a.statusCode(), a.body());
                        JsonNode t = JSON.readTree(a.body());
                        double loss = f(t.get("params"));
                        String run = base + "/api/runs/" + t.get("run").asLong();
                        HttpResponse<String> m = post(run + "/metrics", "{\"metrics\":[{\"name\":\"loss\",\"step\":0,\"value\":" + loss + "}]}");
                        assertEquals(200, m.statusCode(), m.body());
                        HttpResponse<String> done = post(run + "/tell", "{\"value\":" + loss + "}");
                        assertEquals(200, done.statusCode(), done.body());
                        assertTrue(told.add(t.get("trial").asInt()), "trial " + t.get("trial") + " told twice");
                    }
                }));
            }
            for (Future<Integer> c : clients) {
                refusals.add(c.get(5, TimeUnit.MINUTES));
            }
            pool.shutdown();
            assertEquals(List.of(409, 409, 409, 409), refusals, "every client stopped at the spent budget");
            assertEquals(20, told.size());
            List<Run> runs = store.listRuns(studyId, EnumSet.allOf(TrialState.class));
            assertEquals(20, runs.size(), "the budget held: no trial beyond 20");
            Set<Integer> numbers = new TreeSet<>();
            for (Run r : runs) {
                assertEquals(TrialState.COMPLETE, r.state(), r.toString());
                numbers.add(r.number());
                assertEquals(1, store.metricHistory(r.id(), "loss").size());
                assertEquals(Math.pow(((Number) r.param("x")).doubleValue() - 1.5, 2) + Math.pow(((Number) r.param("y")).doubleValue() + 0.5, 2),
                        r.value(), 1e-12);
            }
            assertEquals(told, numbers, "the told trials are the stored ones: nothing lost");
            HttpResponse<String> again = post(base + "/api/runs/" + runs.get(0).id() + "/tell", "{\"value\":1}");
            assertEquals(409, again.statusCode());
            assertTrue(again.body().contains("is COMPLETE"), again.body());
            for (String page : List.of("/api/studies/" + studyId, "/api/studies/" + studyId + "/runs", "/api/studies/" + studyId + "/history",
                    "/api/studies/" + studyId + "/importance", "/api/runs/" + runs.get(0).id(), "/api/runs/" + runs.get(0).id() + "/metrics")) {
                HttpResponse<String> g = HTTP.send(HttpRequest.newBuilder(URI.create(base + page)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, g.statusCode(), page + ": " + g.body());
            }
            StringWriter replay = new StringWriter();
            assertTrue(Replay.study(store, "http-java", new PrintWriter(replay)), replay.toString());
            assertTrue(replay.toString().contains("identical: 20 suggestions replayed exactly"), replay.toString());
        }
    }

    @Test
    void pythonUrllibAndCurlDriveStudiesThroughHfServe() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("served").toAbsolutePath();
        setUp(db, "http-python");
        setUp(db, "http-curl");
        long python;
        long curl;
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            python = store.findStudy("http-python").orElseThrow().id();
            curl = store.findStudy("http-curl").orElseThrow().id();
        }
        String token = "t0ken-for-the-test";
        Path log = dir.resolve("serve.log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0", "--token", token, "--db", db);
        Process serve = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String base = awaitUrl(serve, log);
            Path py = dir.resolve("client.py");
            Files.copy(Path.of("src/test/resources/asktell/client.py"), py);
            ProcessBuilder pb = new ProcessBuilder("python3", py.toString(), base, String.valueOf(python)).redirectErrorStream(true);
            pb.environment().put("HF_TOKEN", token);
            Process p = pb.start();
            String pyOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), pyOut);
            assertTrue(pyOut.contains("told 20"), pyOut);
            assertTrue(pyOut.contains("no trial left in its budget of 20 (20 COMPLETE)"), pyOut);
            HfScript.Result c = HfScript.run(dir, Files.readString(Path.of("src/test/resources/asktell/curl-loop.sh")),
                    "URL", base, "STUDY_ID", String.valueOf(curl), "TOKEN", token);
            System.out.println(pyOut + c.out());
            assertEquals(0, c.code(), c.out());
            assertTrue(c.out().contains("ask after the budget: 409"), c.out());
            assertTrue(c.out().contains("ask as text/plain: 415"), c.out());
            assertTrue(c.out().contains("ask as a form: 415"), c.out());
            assertTrue(c.out().contains("ask without the token: 401"), c.out());
        } finally {
            serve.destroy();
            serve.waitFor(60, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
        try (Database d = Database.open(db); JdbcRunStore store = new JdbcRunStore(d)) {
            for (long study : List.of(python, curl)) {
                List<Run> runs = store.listRuns(study, EnumSet.allOf(TrialState.class));
                assertEquals(20, runs.size());
                assertTrue(runs.stream().allMatch(r -> r.state() == TrialState.COMPLETE), runs.toString());
                Set<Integer> numbers = new TreeSet<>();
                runs.forEach(r -> numbers.add(r.number()));
                assertEquals(20, numbers.size());
            }
            Run last = store.listRuns(python, EnumSet.of(TrialState.COMPLETE)).get(0);
            assertEquals(3, store.metricHistory(last.id(), "loss").size(), "the Python client's curve has its three epochs");
        }
    }

    private static String awaitUrl(Process serve, Path log) throws Exception {
        for (int i = 0; i < 1200; i++) {
            Matcher m = URL.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return m.group(1);
            }
            if (!serve.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("hf serve did not start: " + (Files.exists(log) ? Files.readString(log) : "no output"));
    }
}
