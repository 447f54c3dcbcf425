package dev.hyperforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.search.Direction;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.ObjectiveNames;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The study page of a two-objective study in headless Chromium: the Pareto chart draws every complete trial, the
 * front's rows are highlighted in the trial table, the hypervolume chart draws, and "Ensemble of the front" opens
 * the ensemble builder seeded with the front's runs.
 */
class ParetoBrowserTest {
    private static InMemoryRunStore store;
    private static StudyRecord study;
    private static final List<Run> RUNS = new ArrayList<>();
    private static DashboardServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        store = new InMemoryRunStore();
        study = store.createOrGetStudy(new StudySpec("pareto", List.of(Direction.MAXIMIZE, Direction.MINIMIZE), "nsga2",
                "{}", 3));
        ObjectiveNames.save(store, study.id(), List.of("val_accuracy", "params"));
        // front: (0.9, 500), (0.8, 200), (0.7, 100); dominated: (0.6, 300), (0.75, 450)
        double[][] values = {{0.9, 500}, {0.6, 300}, {0.8, 200}, {0.75, 450}, {0.7, 100}};
        for (double[] v : values) {
            Run r = store.startRun(study.id(), StudyFixture.provenance());
            RUNS.add(store.finishRunValues(r.id(), TrialState.COMPLETE, List.of(v[0], v[1]), null));
        }
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
        browser = Browser.start(1400, 1900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void theStudyPageDrawsTheFrontHighlightsItsRowsAndSeedsTheEnsembleBuilder() throws Exception {
        browser.open(url("/study.html?id=" + study.id()));
        browser.waitFor(() -> !browser.all("#pareto-chart canvas").isEmpty() && !browser.all("#hypervolume-chart canvas").isEmpty()
                && browser.all("#trials tbody tr").size() == 5);
        assertEquals("5", browser.find("#pareto-chart").getAttribute("data-points"));
        assertEquals("3", browser.find("#pareto-chart").getAttribute("data-front"));
        List<String> expected = List.of(RUNS.get(0), RUNS.get(2), RUNS.get(4)).stream().map(r -> String.valueOf(r.id()))
                .sorted().toList();
        List<String> highlighted = browser.all("#trials tbody tr.front").stream().map(e -> e.getAttribute("data-run"))
                .sorted().toList();
        assertEquals(expected, highlighted);
        String header = browser.find("#trials thead").getText();
        assertTrue(header.contains("val_accuracy") && header.contains("params"), header);
        browser.screenshot("pareto-study");
        browser.find("#ensemble-front").click();
        browser.waitFor(() -> "/ensemble.html".equals(browser.js("return location.pathname;")));
        String search = String.valueOf(browser.js("return location.search;"));
        assertTrue(search.contains("study=" + study.id()), search);
        List<String> seeded = List.of(search.replaceAll(".*runs=", "").split(",")).stream().sorted().toList();
        assertEquals(expected, seeded);
    }
}
