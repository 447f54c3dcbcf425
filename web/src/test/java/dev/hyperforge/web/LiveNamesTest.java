package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A metric or parameter a RUNNING trial starts to log shows in the study's names at the next poll. */
class LiveNamesTest {
    private static List<String> names(int port, long study, String field) throws IOException {
        RawHttp.Response r = RawHttp.send(port, "GET", "/api/studies/" + study, null, null);
        assertEquals(200, r.status(), r.body());
        List<String> out = new ArrayList<>();
        RestMutator.parse(r.body()).get(field).forEach((JsonNode n) -> out.add(n.asText()));
        return out;
    }

    @Test
    void namesLoggedByARunningTrialAppearWithoutWaitingForItToFinish() throws IOException {
        try (InMemoryRunStore store = new InMemoryRunStore()) {
            StudyFixture fx = StudyFixture.create(store, "live-names", 3, 10, 2, 5);
            try (DashboardServer server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null))) {
                long id = fx.study.id();
                int port = server.port();
                assertEquals(List.of("accuracy", "loss", "val_accuracy", "val_loss"), names(port, id, "metricNames"));
                Instant t = Instant.parse("2024-05-01T10:00:00Z");
                store.logMetrics(fx.running.id(), List.of(new MetricPoint("grad_norm", 2, 0.7, t),
                        new MetricPoint("step/loss", 9, 0.5, t)));
                List<String> metrics = names(port, id, "metricNames");
                assertEquals(List.of("accuracy", "grad_norm", "loss", "val_accuracy", "val_loss"), metrics);
                assertFalse(metrics.contains("step/loss"), "per-step metrics stay out of the names");
                store.setParams(fx.running.id(), List.of(ParamValue.ofFloat("momentum", 0.9, "{\"type\":\"float\"}")));
                assertTrue(names(port, id, "paramNames").contains("momentum"), names(port, id, "paramNames").toString());
                store.finishRun(fx.running.id(), TrialState.COMPLETE, 0.8, null);
                assertTrue(names(port, id, "metricNames").contains("grad_norm"), "still there once it finished");
                assertTrue(new String(RawHttp.send(port, "GET", "/api/studies/" + id + "/points", null, null).body()
                        .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("momentum"));
            }
        }
    }
}
