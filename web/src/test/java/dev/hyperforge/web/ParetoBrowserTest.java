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

    @Test
    void threeObjectivesGetRoomyPanelsAndTheSingleValueChartsNameTheFirstObjective() throws Exception {
        StudyRecord three = store.createOrGetStudy(new StudySpec("pareto-3", List.of(Direction.MAXIMIZE, Direction.MINIMIZE,
                Direction.MINIMIZE), "nsga2", "{}", 5));
        ObjectiveNames.save(store, three.id(), List.of("val_income_accuracy", "val_age_mean_absolute_error", "params"));
        double[][] values = {{0.9, 5.1, 120000}, {0.8, 4.2, 35000}, {0.85, 6.3, 8000}, {0.7, 7.5, 250000}};
        for (double[] v : values) {
            Run r = store.startRun(three.id(), StudyFixture.provenance());
            store.finishRunValues(r.id(), TrialState.COMPLETE, List.of(v[0], v[1], v[2]), null);
        }
        browser.open(url("/study.html?id=" + three.id()));
        browser.waitFor(() -> "true".equals(browser.find("#pareto-chart").getAttribute("data-ready"))
                && "true".equals(browser.find("#history-chart").getAttribute("data-ready")));
        assertEquals("3", browser.find("#pareto-chart").getAttribute("data-columns"), "three pairs side by side");
        for (int i = 0; i < 3; i++) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Number> rect = (java.util.Map<String, Number>) browser.js("return arguments[0].echarts"
                    + ".getModel().getComponent('grid', arguments[1]).coordinateSystem.getRect();",
                    browser.find("#pareto-chart"), i);
            assertTrue(rect.get("width").doubleValue() >= 250 && rect.get("height").doubleValue() >= 200,
                    "panel " + i + " is " + rect);
            assertTrue(rect.get("x").doubleValue() >= 60, "room for the y-axis title and ticks left of panel " + i);
        }
        String yName = String.valueOf(browser.js("return arguments[0].echarts.getOption().yAxis[0].name;",
                browser.find("#history-chart")));
        assertEquals("max of val_income_accuracy (objective 1 of 3)", yName);
        assertTrue(browser.all(".of-objective").size() >= 5, "the single-value charts' titles name the objective");
        assertTrue(browser.find("#page").getText().indexOf("of the objective") < 0, "never 'max of the objective'");
        browser.screenshot("pareto-three");
    }
}
