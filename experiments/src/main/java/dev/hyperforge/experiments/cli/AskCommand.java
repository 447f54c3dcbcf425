package dev.hyperforge.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hyperforge.experiments.asktell.ExternalStudy;
import dev.hyperforge.web.AskTell;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hf ask --study S}: starts a trial of a study driven from outside and prints it as one line of JSON,
 * {@code {"study": "S", "trial": 3, "run": 17, "params": {...}}}. The trial is RUNNING until {@code hf tell}; a spent
 * budget exits 1.
 */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Start a trial of a study driven from outside (a file with only a search section) and print it as JSON.")
public final class AskCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--study", required = true, description = "Study name (created with hf tune FILE --study NAME --setup-only).")
    String study;

    @Option(names = "--stale-after", paramLabel = "DURATION", description = "First fail the RUNNING trials with no hf log or tell "
            + "for this long (e.g. 30m), freeing their place in the budget. Default: trials stay RUNNING until told.")
    String staleAfter;

    @Mixin
    DbOption db;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.time.Duration stale = TuneCommand.parseDuration(staleAfter, "--stale-after");
        try (DbOption.Store store = db.open()) {
            AskTell.Asked a = ExternalStudy.open(store.runs(), study).ask(stale);
            PrintWriter out = spec.commandLine().getOut();
            out.println(json(a));
            out.flush();
        }
        return Main.OK;
    }

    /** The line {@code hf ask} prints (and the HTTP answer): study, trial, run, params. */
    static String json(AskTell.Asked a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("study", a.study());
        m.put("trial", a.trial());
        m.put("run", a.run());
        m.put("params", a.params());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the trial as JSON: " + e.getMessage(), e);
        }
    }
}
