package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every API endpoint over a fixture study: answers, 400/404 errors, escaping, the OpenAPI document, security. */
class DashboardApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static InMemoryRunStore store;
    private static StudyFixture fx;
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        store = new InMemoryRunStore();
        fx = StudyFixture.create(store, "api-study", 8, 40, 6, 7);
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
    }

    @AfterAll
    static void stop() {
        server.stop();
        store.close();
    }

    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    static Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    static JsonNode ok(String path) {
        Answer a = send("GET", path, null);
        assertEquals(200, a.status(), path + ": " + a.body());
        assertTrue(a.contentType().startsWith("application/json"), a.contentType());
        return a.json();
    }

    static void error(int status, String method, String path, String body, String messagePart) {
        Answer a = send(method, path, body);
        assertEquals(status, a.status(), method + " " + path + ": " + a.body());
        JsonNode j = a.json();
        assertEquals(status, j.get("status").asInt());
        assertTrue(j.get("error").asText().contains(messagePart), j.get("error").asText());
    }

    long sid() {
        return fx.study.id();
    }

    @Test
    void studiesListCountsTrialsByStateAndTheBestValue() {
        JsonNode list = ok("/api/studies");
        assertEquals(1, list.size());
        JsonNode s = list.get(0);
        assertEquals("api-study", s.get("name").asText());
        assertEquals("gp", s.get("sampler").asText());
        assertEquals(8, s.get("counts").get("COMPLETE").asInt());
        assertEquals(1, s.get("counts").get("RUNNING").asInt());
        assertEquals(1, s.get("counts").get("FAILED").asInt());
        assertEquals(1, s.get("counts").get("PRUNED").asInt());
        double best = fx.complete.stream().mapToDouble(Run::value).max().orElseThrow();
        assertEquals(best, s.get("bestValue").asDouble(), 1e-12);
    }

    @Test
    void aStudyListsItsParameterAndMetricNamesAndUnknownStudiesAre404() {
        JsonNode s = ok("/api/studies/" + sid());
        assertEquals(List.of("lr", "optimizer", "units"), strings(s.get("paramNames")));
        assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), strings(s.get("metricNames")));
        error(404, "GET", "/api/studies/999999", null, "no study with id 999999");
        error(404, "GET", "/api/studies/abc", null, "no study with id 'abc'");
        error(404, "GET", "/api/nothing-here", null, "no endpoint GET /api/nothing-here");
    }

    @Test
    void theRunsTablePagesSortsAndFiltersByParamsMetricsAndStates() {
        JsonNode page = ok("/api/studies/" + sid() + "/runs?limit=3&offset=2");
        assertEquals(11, page.get("total").asInt());
        assertEquals(3, page.get("runs").size());
        assertEquals(2, page.get("runs").get(0).get("number").asInt());
        JsonNode byLr = ok("/api/studies/" + sid() + "/runs?state=COMPLETE&sort=param:lr&desc=true&limit=50");
        List<Double> lrs = new ArrayList<>();
        byLr.get("runs").forEach(r -> lrs.add(r.get("params").get("lr").asDouble()));
        assertEquals(8, lrs.size());
        for (int i = 1; i < lrs.size(); i++) {
            assertTrue(lrs.get(i - 1) >= lrs.get(i), lrs.toString());
        }
        JsonNode filtered = ok("/api/studies/" + sid() + "/runs?metric=val_accuracy:0.6:&param=units:32:");
        long expected = fx.complete.stream().filter(r -> r.value() >= 0.6 && ((Number) r.param("units")).longValue() >= 32)
                .count();
        assertEquals(expected, filtered.get("total").asLong());
        filtered.get("runs").forEach(r -> assertTrue(r.get("metrics").get("val_accuracy").asDouble() >= 0.6));
        JsonNode sortedByMetric = ok("/api/studies/" + sid() + "/runs?state=COMPLETE&sort=metric:val_accuracy");
        assertTrue(sortedByMetric.get("runs").get(0).get("value").asDouble()
                <= sortedByMetric.get("runs").get(7).get("value").asDouble());
    }

    @Test
    void badTableQueriesAre400WithAMessage() {
        String base = "/api/studies/" + sid() + "/runs";
        error(400, "GET", base + "?limit=0", null, "'limit' must be an integer in 1..500");
        error(400, "GET", base + "?limit=x", null, "received 'x'");
        error(400, "GET", base + "?sort=colour", null, "sort must be number, value, started");
        error(400, "GET", base + "?state=DONE", null, "state must be one of");
        error(400, "GET", base + "?param=lr", null, "param filter must be NAME:min:max");
        error(400, "GET", base + "?metric=loss:a:1", null, "bound 'a' is not a number");
        error(400, "GET", base + "?desc=maybe", null, "'desc' must be true or false");
        error(404, "GET", "/api/studies/999999/runs", null, "no study");
    }

    @Test
    void historyCarriesTheBestSoFarAndImportanceSumsToOne() {
        JsonNode h = ok("/api/studies/" + sid() + "/history");
        assertEquals("MAXIMIZE", h.get("direction").asText());
        assertEquals(8, h.get("trials").size());
        double best = Double.NEGATIVE_INFINITY;
        for (JsonNode t : h.get("trials")) {
            best = Math.max(best, t.get("value").asDouble());
            assertEquals(best, t.get("best").asDouble(), 1e-12);
        }
        JsonNode importance = ok("/api/studies/" + sid() + "/importance");
        assertEquals(8, importance.get("trials").asInt());
        assertTrue(importance.get("warning").asText().contains("needs >= 10"), importance.toString());
        for (JsonNode i : importance.get("importances")) {
            double v = i.get("importance").asDouble();
            assertTrue(v >= 0 && v <= 1 && i.get("low").asDouble() <= v && v <= i.get("high").asDouble(), i.toString());
        }
        JsonNode trials = ok("/api/studies/" + sid() + "/trials?limit=5");
        assertEquals(11, trials.get("total").asInt(), "8 complete, failed, pruned, running");
        assertEquals(5, trials.get("trials").size());
        assertEquals(10, trials.get("trials").get(0).get("number").asInt(), "the latest first");
        JsonNode prunedTrial = ok("/api/studies/" + sid() + "/trials").get("trials").get(1);
        assertEquals("PRUNED", prunedTrial.get("state").asText());
        assertEquals(0, prunedTrial.get("intermediate").size(), "the fixture reports no intermediate values");
        JsonNode study = ok("/api/studies/" + sid());
        assertTrue(study.get("distributions").get("lr").get("log").asBoolean(), study.get("distributions").toString());
        assertEquals("categorical", study.get("distributions").get("optimizer").get("type").asText());
        assertTrue(study.get("objectiveMetric").isNull(), "the fixture study has no experiment file");
        JsonNode pts = ok("/api/studies/" + sid() + "/points?limit=3");
        assertEquals(3, pts.get("trials").size());
        double top = fx.complete.stream().mapToDouble(Run::value).max().orElseThrow();
        assertEquals(top, pts.get("trials").get(0).get("value").asDouble(), 1e-12);
        error(400, "GET", "/api/studies/" + sid() + "/points?limit=0", null, "'limit'");
        error(404, "GET", "/api/studies/999999/history", null, "no study");
        error(404, "GET", "/api/studies/999999/importance", null, "no study");
    }

    @Test
    void aRunHasParamsProvenanceArtifactsAndItsCurves() {
        Run r = fx.complete.get(1);
        JsonNode run = ok("/api/runs/" + r.id());
        assertEquals(r.number(), run.get("number").asInt());
        assertEquals("api-study", run.get("studyName").asText());
        assertEquals(r.param("optimizer"), run.get("params").get("optimizer").asText());
        assertNotNull(run.get("provenance").get("experimentSha256").asText());
        List<String> names = new ArrayList<>();
        run.get("artifacts").forEach(a -> names.add(a.get("name").asText()));
        assertEquals(List.of("best-checkpoint.zip", "model.json", "summary.txt", "val_predictions/label",
                "val_targets/label"), names);
        JsonNode curves = ok("/api/runs/" + r.id() + "/metrics").get("metrics");
        assertEquals(6, curves.get("val_loss").size());
        assertEquals(5, curves.get("val_loss").get(5).get(0).asInt());
        assertEquals(r.value(), curves.get("val_accuracy").get(5).get(1).asDouble(), 1e-12);
        assertEquals(1, ok("/api/runs/" + r.id() + "/metrics?names=loss").get("metrics").size());
        error(400, "GET", "/api/runs/" + r.id() + "/metrics?names=nope", null, "has no metric 'nope'");
        error(404, "GET", "/api/runs/999999", null, "no run with id 999999");
        error(404, "GET", "/api/runs/x/metrics", null, "no run with id 'x'");
    }

    @Test
    void artifactsDownloadAsAttachmentsAndUnknownOnesAre404() {
        Run r = fx.complete.get(1);
        JsonNode summary = null;
        for (JsonNode a : ok("/api/runs/" + r.id()).get("artifacts")) {
            if (a.get("name").asText().equals("summary.txt")) {
                summary = a;
            }
        }
        Answer a = send("GET", "/api/runs/" + r.id() + "/artifacts/" + summary.get("id").asLong(), null);
        assertEquals(200, a.status());
        assertTrue(a.contentType().startsWith("text/plain"), a.contentType());
        assertTrue(a.body().contains("label (Dense)"), a.body());
        error(404, "GET", "/api/runs/" + r.id() + "/artifacts/999999", null, "has no artifact with id 999999");
        long otherRunsArtifact = ok("/api/runs/" + fx.complete.get(2).id()).get("artifacts").get(0).get("id").asLong();
        error(404, "GET", "/api/runs/" + r.id() + "/artifacts/" + otherRunsArtifact, null, "has no artifact");
    }

    @Test
    void notesAndTagsAreEditableAndValidated() {
        long id = fx.complete.get(3).id();
        Answer note = send("PUT", "/api/runs/" + id + "/note", "{\"note\":\"looks best so far\"}");
        assertEquals(200, note.status(), note.body());
        assertEquals("looks best so far", store.run(id).note());
        assertEquals(200, send("PUT", "/api/runs/" + id + "/tags/reviewed", "{\"value\":\"yes\"}").status());
        assertEquals("yes", store.run(id).tags().get("reviewed"));
        error(400, "PUT", "/api/runs/" + id + "/note", "{\"text\":1}", "body must be {\"note\"");
        error(400, "PUT", "/api/runs/" + id + "/note", "{not json", "not valid JSON");
        error(400, "PUT", "/api/runs/" + id + "/tags/reviewed", "{\"value\":3}", "body must be {\"value\"");
        error(404, "PUT", "/api/runs/999999/note", "{\"note\":\"x\"}", "no run");
        Answer plain = send("PUT", "/api/runs/" + id + "/note", null, "Content-Type", "text/plain");
        assertEquals(415, plain.status(), plain.body());
    }

    @Test
    void anXssStringInARunNameTagAndNoteComesBackAsInertJsonText() {
        JsonNode run = ok("/api/runs/" + fx.xssRun.id());
        assertEquals(StudyFixture.XSS, run.get("name").asText());
        assertEquals(StudyFixture.XSS, run.get("tags").get("owner").asText());
        assertEquals(StudyFixture.XSS, run.get("note").asText());
        Answer raw = send("GET", "/api/runs/" + fx.xssRun.id(), null);
        assertTrue(raw.contentType().startsWith("application/json"), raw.contentType());
        Answer page = send("GET", "/study.html?id=" + sid(), null);
        assertEquals(200, page.status());
        assertFalse(page.body().contains("onerror"), "pages carry no data; they read it from /api");
        Answer headers = sendRaw("GET /api/runs/" + fx.xssRun.id() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(headers.body().contains("X-Content-Type-Options: nosniff"), headers.body());
        assertTrue(headers.body().contains("Content-Security-Policy: default-src 'self'; script-src 'self'"),
                headers.body());
    }

    @Test
    void compareNeedsTwoToTenDistinctRunsAndFlagsDifferingParams() {
        Run a = fx.complete.get(0);
        Run b = fx.complete.get(1);
        JsonNode c = ok("/api/compare?runs=" + a.id() + "," + b.id());
        assertEquals(2, c.get("runs").size());
        for (JsonNode p : c.get("params")) {
            String name = p.get("name").asText();
            boolean differs = !String.valueOf(a.param(name)).equals(String.valueOf(b.param(name)));
            assertEquals(differs, p.get("differs").asBoolean(), name);
        }
        assertEquals(4, c.get("metrics").size());
        error(400, "GET", "/api/compare?runs=" + a.id(), null, "2..10 distinct run ids");
        error(400, "GET", "/api/compare?runs=" + a.id() + "," + a.id(), null, "distinct");
        error(400, "GET", "/api/compare?runs=1,x", null, "'x' is not an id");
        error(400, "GET", "/api/compare", null, "received none");
        error(404, "GET", "/api/compare?runs=" + a.id() + ",999999", null, "no run with id 999999");
    }

    @Test
    void ensembleCandidatesAreTheTopRunsWithTheirOwnValidationScore() {
        JsonNode c = ok("/api/studies/" + sid() + "/ensemble-candidates?top=3").get("candidates");
        assertEquals(3, c.size());
        List<Run> best = fx.complete.stream().sorted((x, y) -> Double.compare(y.value(), x.value())).limit(3).toList();
        for (int i = 0; i < 3; i++) {
            assertEquals(best.get(i).id(), c.get(i).get("id").asLong());
            assertTrue(c.get(i).get("hasPredictions").asBoolean());
            assertEquals(best.get(i).value(), c.get(i).get("validation").get("score").get("value").asDouble(), 1e-9,
                    "the stored predictions reproduce the logged val_accuracy");
        }
        JsonNode picked = ok("/api/studies/" + sid() + "/ensemble-candidates?runs=" + fx.complete.get(5).id())
                .get("candidates");
        assertEquals(fx.complete.get(5).id(), picked.get(0).get("id").asLong());
        JsonNode byLogLoss = ok("/api/studies/" + sid() + "/ensemble-candidates?top=3&score=log_loss");
        assertEquals("log_loss", byLogLoss.get("scoring").get("key").asText());
        assertFalse(byLogLoss.get("scoring").get("higherIsBetter").asBoolean());
        assertEquals("log_loss", byLogLoss.get("candidates").get(0).get("validation").get("score").get("name").asText());
        assertEquals("[\"accuracy\",\"log_loss\",\"loss\"]", JSON.valueToTree(byLogLoss.get("scorings").findValuesAsText("key"))
                .toString(), "a single classification output: its metrics");
        error(400, "GET", "/api/studies/" + sid() + "/ensemble-candidates?top=3&score=mse", null, "regression");
        error(400, "GET", "/api/studies/" + sid() + "/ensemble-candidates?top=21", null, "'top'");
        error(404, "GET", "/api/studies/999999/ensemble-candidates", null, "no study");
    }

    @Test
    void ensemblesEvaluateSaveListAndDelete() throws IOException {
        List<Long> ids = fx.complete.stream().map(Run::id).toList();
        String runs = JSON.writeValueAsString(ids);
        JsonNode greedy = JSON.readTree(send("POST", "/api/ensembles/evaluate", "{\"runs\":" + runs
                + ",\"method\":\"greedy\"}").body());
        assertEquals("greedy", greedy.get("method").asText());
        assertTrue(greedy.get("improvement").asDouble() >= 0, greedy.toString());
        assertEquals("accuracy", greedy.get("scoring").get("key").asText(), "no objective stored: the automatic score");
        JsonNode byLoss = JSON.readTree(send("POST", "/api/ensembles/evaluate", "{\"runs\":" + runs
                + ",\"method\":\"greedy\",\"score\":\"log_loss\"}").body());
        assertEquals("log_loss", byLoss.get("ensemble").get("score").get("name").asText());
        assertEquals("log_loss", byLoss.get("heldOut").get("name").asText());
        double sum = 0;
        for (JsonNode m : greedy.get("members")) {
            sum += m.get("weight").asDouble();
        }
        assertEquals(1.0, sum, 1e-9);
        JsonNode manual = JSON.readTree(send("POST", "/api/ensembles/evaluate", "{\"runs\":[" + ids.get(0) + ","
                + ids.get(1) + "],\"method\":\"manual\",\"weights\":[3,1]}").body());
        assertEquals(0.75, manual.get("members").get(0).get("weight").asDouble(), 1e-12);
        Answer saved = send("POST", "/api/ensembles", "{\"runs\":" + runs + ",\"method\":\"greedy\",\"name\":\"g1\"}");
        assertEquals(201, saved.status(), saved.body());
        JsonNode list = ok("/api/studies/" + sid() + "/ensembles");
        assertEquals(1, list.size());
        assertEquals("g1", list.get(0).get("name").asText());
        assertEquals(greedy.get("ensemble").get("score").get("value").asDouble(),
                list.get(0).get("metricValue").asDouble(), 1e-12);
        assertEquals("g1", store.findEnsemble(sid(), "g1").orElseThrow().name());
        assertEquals(204, send("DELETE", "/api/studies/" + sid() + "/ensembles/g1", null).status());
        assertEquals(0, ok("/api/studies/" + sid() + "/ensembles").size());
        error(404, "DELETE", "/api/studies/" + sid() + "/ensembles/g1", null, "no ensemble named 'g1'");
        error(404, "DELETE", "/api/studies/999999/ensembles/g1", null, "no study");
    }

    @Test
    void optimisedWeightsAreNoWorseThanTheEqualAndGreedyBaselines() throws IOException {
        String runs = JSON.writeValueAsString(fx.complete.stream().map(Run::id).limit(5).toList());
        Answer a = send("POST", "/api/ensembles/evaluate", "{\"runs\":" + runs + ",\"method\":\"optimize\","
                + "\"trials\":15}");
        assertEquals(200, a.status(), a.body());
        JsonNode r = a.json();
        double opt = r.get("ensemble").get("score").get("value").asDouble();
        assertTrue(opt >= r.get("baselines").get("equal").get("score").get("value").asDouble() - 1e-12, a.body());
        assertTrue(opt >= r.get("baselines").get("greedy").get("score").get("value").asDouble() - 1e-12, a.body());
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":" + runs + ",\"method\":\"optimize\","
                + "\"trials\":0}", "\"trials\" must be an integer in 1..500");
    }

    @Test
    void badEnsembleRequestsAre400Or404AndSaveNothing() {
        long a = fx.complete.get(0).id();
        long b = fx.complete.get(1).id();
        error(400, "POST", "/api/ensembles/evaluate", "{}", "body needs \"runs\"");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[\"x\"]}", "integer run ids");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + "],\"method\":\"vote\"}", "manual, equal, greedy");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + "," + b + "],\"method\":\"manual\","
                + "\"weights\":[1]}", "one weight per run (2)");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + "," + b + "],\"method\":\"manual\","
                + "\"weights\":[0,0]}", "must not all be zero");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + "," + fx.failed.id() + "]}",
                "has no validation predictions for output 'label'");
        error(400, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + "," + a + "]}", "listed twice");
        error(404, "POST", "/api/ensembles/evaluate", "{\"runs\":[" + a + ",999999]}", "no run with id 999999");
        error(400, "POST", "/api/ensembles", "{\"runs\":[" + a + "]}", "\"name\"");
        error(400, "POST", "/api/ensembles", "{\"runs\":[" + a + "],\"name\":\"" + "<b>" + "\"}", "ensemble name must be");
        error(404, "GET", "/api/studies/999999/ensembles", null, "no study");
        assertEquals(0, store.listEnsembles(sid()).size());
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() {
        JsonNode doc = ok("/api/openapi.json");
        assertEquals("3.0.3", doc.get("openapi").asText());
        for (DashboardServer.Route r : server.routes()) {
            JsonNode path = doc.get("paths").get(r.path());
            assertNotNull(path, "openapi.json lacks " + r.path());
            assertNotNull(path.get(r.method()), "openapi.json lacks " + r.method() + " " + r.path());
        }
        int documented = 0;
        for (JsonNode p : doc.get("paths")) {
            documented += p.size();
        }
        assertEquals(server.routes().size(), documented, "every documented operation exists");
    }

    @Test
    void pagesAndTheChartLibraryAreServedFromThisServer() {
        for (String page : List.of("/", "/study.html", "/run.html", "/compare.html", "/ensemble.html")) {
            Answer a = send("GET", page, null);
            assertEquals(200, a.status(), page);
            assertTrue(a.body().contains("<script type=\"module\""), page);
            assertFalse(a.body().contains("http://") || a.body().contains("https://"), page + " loads nothing remote");
        }
        Answer echarts = send("GET", "/webjars/echarts/5.5.0/echarts.esm.min.js", null);
        assertEquals(200, echarts.status());
        assertTrue(echarts.contentType().contains("javascript"), echarts.contentType());
    }

    @Test
    void aLoopbackServerRejectsForeignHostHeaders() {
        Answer a = sendRaw("GET /api/studies HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n");
        assertTrue(a.body().startsWith("HTTP/1.1 403"), a.body());
        assertTrue(a.body().contains("only answers requests addressed to localhost"), a.body());
    }

    @Test
    void aServerOnAllInterfacesNeedsATokenAndEveryRequestMustCarryIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ServerOptions("0.0.0.0", 0, null));
        assertTrue(e.getMessage().contains("needs a token"), e.getMessage());
        String token = "s3cret-s3cret-s3cret";
        ServerOptions fromEnv = ServerOptions.resolve("0.0.0.0", 0, null, Map.of("HF_TOKEN", token));
        assertEquals(token, fromEnv.token());
        try (DashboardServer open = DashboardServer.start(store, fromEnv)) {
            String base = "http://127.0.0.1:" + open.port();
            assertEquals(401, get(base + "/api/studies").statusCode());
            assertEquals(401, get(base + "/").statusCode());
            assertEquals(401, get(base + "/api/studies", "Authorization", "Bearer wrong").statusCode());
            assertEquals(200, get(base + "/api/studies", "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> withQuery = get(base + "/?token=" + token);
            assertEquals(303, withQuery.statusCode(), "the token leaves the address bar");
            assertEquals("/", withQuery.headers().firstValue("Location").orElseThrow());
            String cookie = withQuery.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(200, get(base + "/api/studies", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode());
        }
    }

    private static HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(url, e);
        }
    }

    private static Answer sendRaw(String request) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new Answer(0, "", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
