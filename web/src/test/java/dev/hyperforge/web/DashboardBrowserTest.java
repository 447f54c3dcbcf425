package dev.hyperforge.web;

import dev.hyperforge.search.TrialState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hyperforge.ensemble.EnsembleMethod;
import dev.hyperforge.ensemble.EnsembleService;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.memory.InMemoryRunStore;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The pages in real headless Chromium over a fixture study: studies list, a study, a run, compare, the ensemble
 * builder with greedy selection. Every page is checked for the XSS string showing as text and never running.
 * Screenshots land in {@code target/screenshots/}.
 */
class DashboardBrowserTest {
    private static InMemoryRunStore store;
    private static StudyFixture fx;
    private static StudyFixture live;
    private static DashboardServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        store = new InMemoryRunStore();
        fx = StudyFixture.create(store, "fashion-cnn", 40, 300, 20, 11);
        live = StudyFixture.create(store, "boston-kfold", 6, 50, 5, 3);
        server = DashboardServer.start(store, new ServerOptions("127.0.0.1", 0, null));
        browser = Browser.start(1400, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        server.stop();
    }

    @AfterEach
    void noScriptRanFromData() {
        assertNull(browser.js("return window.__xss === undefined ? null : window.__xss;"),
                "the XSS string in a run name, tag or note ran as script");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static boolean chartDrawn(String css) {
        return !browser.all(css + " canvas").isEmpty();
    }

    @Test
    void theStudiesPageListsEveryStudyWithItsBestValue() throws Exception {
        browser.open(url("/"));
        List<WebElement> rows = browser.all("#studies tbody tr");
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).getText().contains("boston-kfold"), "sorted by name");
        WebElement row = browser.find("#studies tbody tr[data-study='" + fx.study.id() + "']");
        assertTrue(row.getText().contains("fashion-cnn"), row.getText());
        assertTrue(row.getText().contains("gp"), row.getText());
        String best = row.findElement(org.openqa.selenium.By.cssSelector(".best")).getText();
        double expected = fx.complete.stream().mapToDouble(Run::value).max().orElseThrow();
        assertEquals(expected, Double.parseDouble(best), 1e-3);
        browser.screenshot("01-studies");
    }

    @Test
    void aStudyShowsItsTrialsChartsAndSortsAndFiltersTheTable() throws Exception {
        browser.resize(1400, 1900);
        browser.open(url("/study.html?id=" + fx.study.id()));
        browser.waitFor(() -> chartDrawn("#history-chart") && chartDrawn("#parallel-chart")
                && chartDrawn("#importance-chart") && chartDrawn("#slice-chart"));
        assertEquals(43, browser.all("#trials tbody tr").size(), "40 complete + failed + pruned + running");
        assertEquals("1–43 of 43", browser.find("#page-info").getText());
        assertTrue(browser.find("#live").getText().contains("1 running"));
        WebElement xssName = browser.find("#trials tbody tr[data-run='" + fx.xssRun.id() + "'] .run-name");
        assertEquals(StudyFixture.XSS, xssName.getAttribute("textContent"));
        browser.find("th[data-key='value']").click();
        browser.waitFor(() -> browser.find("th[data-key='value']").getAttribute("class").contains("desc"));
        double best = fx.complete.stream().mapToDouble(Run::value).max().orElseThrow();
        Run top = fx.complete.stream().max(Comparator.comparingDouble(Run::value)).orElseThrow();
        browser.waitFor(() -> browser.all("#trials tbody tr").get(0).getAttribute("data-run").equals(String.valueOf(top.id())));
        browser.screenshot("02-study");
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-field")).selectByValue("metric:val_accuracy");
        browser.find("#filter-min").sendKeys(String.valueOf(best - 0.05));
        browser.find("#filter-add").click();
        long expected = fx.complete.stream().filter(r -> r.value() >= best - 0.05).count();
        browser.waitFor(() -> browser.find("#page-info").getText().endsWith("of " + expected));
        assertEquals(expected, browser.all("#trials tbody tr").size());
        new org.openqa.selenium.support.ui.Select(browser.find("#slice-y")).selectByValue("units");
        browser.waitFor(() -> chartDrawn("#slice-chart"));
        browser.resize(1400, 1000);
    }

    @Test
    void aStudyPageUpdatesLiveWhenATrialFinishes() {
        browser.open(url("/study.html?id=" + live.study.id()));
        assertTrue(browser.find("#live").getText().contains("1 running"));
        assertEquals(9, browser.all("#trials tbody tr").size());
        store.finishRun(live.running.id(), dev.hyperforge.search.TrialState.COMPLETE, 0.99, null);
        browser.waitFor(() -> browser.all("#live").isEmpty() && browser.find("#best-value").getText().equals("0.99"));
        browser.waitFor(() -> browser.find("#trials tbody tr[data-run='" + live.running.id() + "']").getText()
                .contains("COMPLETE"));
    }

    @Test
    void aRunShowsCurvesSummaryProvenanceAndItsNoteIsEditable() throws Exception {
        browser.open(url("/run.html?id=" + fx.xssRun.id()));
        browser.waitFor(() -> browser.all("#curves .chart canvas").size() == 2);
        assertEquals(List.of("loss", "accuracy"), browser.all("#curves .curve").stream()
                .map(e -> e.getAttribute("data-metric")).sorted(Comparator.reverseOrder()).toList());
        assertEquals(StudyFixture.XSS, browser.find("#run-name").getText());
        assertEquals(StudyFixture.XSS, browser.find("#note").getAttribute("value"));
        assertTrue(browser.all("#tags .tag").stream().anyMatch(t -> t.getText().equals("owner = " + StudyFixture.XSS)));
        assertTrue(browser.find("#summary").getText().contains("label (Dense)"));
        assertTrue(browser.find("#provenance").getText().contains("linux-x86_64"));
        assertEquals(5, browser.all("#artifacts tbody tr").size());
        assertEquals(3, browser.all("#params tbody tr").size());
        browser.find("#note").clear();
        browser.find("#note").sendKeys("checked by hand");
        browser.find("#save-note").click();
        browser.waitFor(() -> browser.find("#note-status").getText().equals("saved"));
        assertEquals("checked by hand", store.run(fx.xssRun.id()).note());
        browser.find("#tag-key").sendKeys("verdict");
        browser.find("#tag-value").sendKeys("keep");
        browser.find("#add-tag").click();
        browser.waitFor(() -> browser.all("#tags .tag").stream().anyMatch(t -> t.getText().equals("verdict = keep")));
        assertEquals("keep", store.run(fx.xssRun.id()).tags().get("verdict"));
        browser.screenshot("03-run");
    }

    @Test
    void comparingTwoRunsOverlaysCurvesAndHighlightsDifferingParams() throws Exception {
        Run a = fx.complete.get(0);
        Run b = fx.complete.get(1);
        browser.open(url("/compare.html?runs=" + a.id() + "," + b.id()));
        browser.waitFor(() -> chartDrawn("#compare-chart"));
        for (String p : List.of("lr", "units", "optimizer")) {
            boolean differs = !String.valueOf(a.param(p)).equals(String.valueOf(b.param(p)));
            WebElement row = browser.find("#param-diff tr[data-param='" + p + "']");
            assertEquals(differs, row.getAttribute("class").contains("differs"), p);
        }
        assertTrue(browser.find("#param-diff thead").getText().contains(StudyFixture.XSS));
        assertEquals("val_accuracy", browser.find("#curve-metric").getAttribute("value"));
        browser.screenshot("04-compare");
    }

    @Test
    void runsPickedOnTheStudyPageOpenInCompareAndInTheEnsembleBuilder() {
        Run a = fx.complete.get(2);
        Run b = fx.complete.get(3);
        browser.open(url("/study.html?id=" + fx.study.id()));
        browser.find("#trials tr[data-run='" + a.id() + "'] .select-run").click();
        browser.find("#trials tr[data-run='" + b.id() + "'] .select-run").click();
        browser.find("#compare-selected").click();
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("/compare.html?runs=" + a.id() + "," + b.id()));
        browser.open(browser.driver.getCurrentUrl());
        assertEquals(2, browser.all("#param-diff thead th a").size());
        browser.open(url("/study.html?id=" + fx.study.id()));
        browser.find("#trials tr[data-run='" + a.id() + "'] .select-run").click();
        browser.find("#trials tr[data-run='" + b.id() + "'] .select-run").click();
        browser.find("#ensemble-selected").click();
        browser.waitFor(() -> browser.driver.getCurrentUrl().contains("/ensemble.html?study=" + fx.study.id()));
        browser.open(browser.driver.getCurrentUrl());
        assertEquals(List.of(String.valueOf(a.id()), String.valueOf(b.id())), browser.all("#candidates tbody tr")
                .stream().map(tr -> tr.getAttribute("data-run")).toList());
    }

    @Test
    void theEnsembleBuilderRunsGreedySelectionShowsItsMetricAndSavesIt() throws Exception {
        browser.resize(1400, 1500);
        browser.open(url("/ensemble.html?study=" + fx.study.id()));
        assertEquals(10, browser.all("#candidates tbody tr").size());
        browser.find("#btn-greedy").click();
        browser.waitFor(() -> !browser.all("#ensemble-metric").isEmpty());
        List<Long> top = new EnsembleService(store).topRuns(fx.study.id(), 10).stream().map(Run::id).toList();
        var expected = new EnsembleService(store).build(top, EnsembleMethod.GREEDY, null,
                EnsembleService.Options.defaults());
        double shown = Double.parseDouble(browser.find("#ensemble-metric").getText());
        assertEquals(expected.evaluation().score().value(), shown, 1e-3);
        double single = Double.parseDouble(browser.find("#best-single-metric").getText());
        assertEquals(expected.bestSingle().score().value(), single, 1e-3);
        assertTrue(shown >= single, "greedy never loses to the best single model on the validation rows");
        double heldOut = Double.parseDouble(browser.find("#held-out-metric").getText());
        assertEquals(expected.heldOut().score().value(), heldOut, 1e-3);
        assertTrue(Math.abs(shown - heldOut) >= 0.001, "fitted weights score differently on rows they did not see: in sample "
                + shown + ", held out " + heldOut);
        assertTrue(browser.find("#held-out-note").getText().contains("In sample: the weights were fitted and scored"));
        String verdict = browser.find("#improvement").getText();
        assertTrue(verdict.matches(".* (higher|lower) accuracy than the best single model: (better|worse) \\(higher is better\\)")
                || verdict.startsWith("the same accuracy"), verdict);
        assertTrue(browser.find("#score-note").getText().contains("higher is better"));
        browser.screenshot("05-ensemble");
        browser.find("#ensemble-name").clear();
        browser.find("#ensemble-name").sendKeys("top10-greedy");
        browser.find("#save-ensemble").click();
        browser.waitFor(() -> !browser.all("#saved tr[data-name='top10-greedy']").isEmpty());
        assertEquals(expected.evaluation().score().value(),
                store.findEnsemble(fx.study.id(), "top10-greedy").orElseThrow().spec().metricValue(), 1e-12);
        browser.find("#btn-equal").click();
        browser.waitFor(() -> browser.find("#result h2").getText().contains("equal"));
        assertFalse(browser.find("#ensemble-metric").getText().isEmpty());
        browser.resize(1400, 1000);
        assertTrue(Files.exists(Browser.SCREENSHOTS.resolve("05-ensemble.png")));
    }
}
