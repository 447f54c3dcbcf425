package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ask/tell routes' own checks, over a fake service: JSON bodies only (no text/plain or form posts), the token
 * whenever one is set, the body shapes of tell and metrics, and errors in the {@code {"status", "error"}} shape.
 */
class AskTellApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemoryRunStore store = new InMemoryRunStore();
    private DashboardServer server;

    @AfterEach
    void stop() {
        server.stop();
    }

    private long start(String token) {
        long study = StudyFixture.create(store, "asked", 2, 6, 2, 1).study.id();
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, token), new FakeAskTell(store));
        return study;
    }

    private RawHttp.Response post(String target, String type, String body) throws IOException {
        return RawHttp.send(server.port(), "POST", target, type, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode error(RawHttp.Response r, int status) throws IOException {
        assertEquals(status, r.status(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals(status, n.get("status").asInt(), r.body());
        assertTrue(n.get("error").asText().length() > 10, r.body());
        return n;
    }

    @Test
    void askTellAndLogAcceptJsonOnly() throws IOException {
        long study = start(null);
        RawHttp.Response asked = post("/api/studies/" + study + "/ask", "application/json", "{}");
        assertEquals(201, asked.status(), asked.body());
        JsonNode a = JSON.readTree(asked.body());
        assertEquals("asked", a.get("study").asText());
        assertEquals(0.5, a.get("params").get("x").asDouble());
        String run = "/api/runs/" + a.get("run").asLong();
        error(post(run + "/metrics", "text/plain", "{\"metrics\":[{\"name\":\"loss\",\"value\":1}]}"), 415);
        error(post(run + "/tell", "application/x-www-form-urlencoded", "value=0.9"), 415);
        error(post("/api/studies/" + study + "/ask", "text/plain", "{}"), 415);
        error(post(run + "/tell", "application/json", "{\"value\":\"high\"}"), 400);
        error(post(run + "/tell", "application/json", "{\"state\":\"PRUNED\",\"value\":1}"), 400);
        error(post(run + "/tell", "application/json", "{\"state\":\"FAILED\"}"), 400);
        error(post(run + "/tell", "application/json", "{\"score\":1}"), 400);
        error(post(run + "/metrics", "application/json", "{\"metrics\":[{\"name\":\"loss\",\"step\":-1,\"value\":1}]}"), 400);
        error(post(run + "/metrics", "application/json", "{\"metrics\":[]}"), 400);
        error(post("/api/runs/999999/tell", "application/json", "{\"value\":1}"), 404);
        RawHttp.Response logged = post(run + "/metrics", "application/json",
                "{\"metrics\":[{\"name\":\"val_loss\",\"step\":2,\"value\":0.31},{\"key\":\"accuracy\",\"step\":2,\"value\":0.88}]}");
        assertEquals(200, logged.status(), logged.body());
        assertEquals(2, JSON.readTree(logged.body()).get("logged").asInt());
        assertEquals(0.31, store.metricHistory(a.get("run").asLong(), "val_loss").get(0).value());
        RawHttp.Response told = post(run + "/tell", "application/json", "{\"value\":0.91}");
        assertEquals(200, told.status(), told.body());
        assertEquals("COMPLETE", JSON.readTree(told.body()).get("state").asText());
        assertEquals(TrialState.COMPLETE, store.run(a.get("run").asLong()).state());
        JsonNode again = error(post(run + "/tell", "application/json", "{\"state\":\"FAILED\",\"error\":\"late\"}"), 409);
        assertTrue(again.get("error").asText().contains("COMPLETE"), again.toString());
    }

    @Test
    void writesNeedTheTokenWhenOneIsSet() throws IOException {
        long study = start("s3cret-token-123");
        int before = store.listRuns(study, java.util.EnumSet.allOf(TrialState.class)).size();
        error(post("/api/studies/" + study + "/ask", "application/json", "{}"), 401);
        error(post("/api/studies/" + study + "/ask?token=wrong", "application/json", "{}"), 401);
        assertEquals(before, store.listRuns(study, java.util.EnumSet.allOf(TrialState.class)).size(), "nothing was asked");
        RawHttp.Response ok = post("/api/studies/" + study + "/ask?token=s3cret-token-123", "application/json", "{}");
        assertEquals(201, ok.status(), ok.body());
    }

    @Test
    void aServerWithoutTheServiceSaysSo() throws IOException {
        long study = StudyFixture.create(store, "plain", 2, 6, 2, 1).study.id();
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
        JsonNode e = error(post("/api/studies/" + study + "/ask", "application/json", "{}"), 404);
        assertTrue(e.get("error").asText().contains("hf serve"), e.toString());
    }
}
