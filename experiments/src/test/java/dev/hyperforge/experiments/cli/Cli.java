package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the {@code hf} entry point in-process and captures what it prints. */
final class Cli {
    /** Exit code and output of one invocation. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A shipped experiment file (tests run in the module directory). */
    static String shipped(String name) {
        return Path.of(name + ".yaml").toAbsolutePath().toString();
    }

    /** A fresh in-memory database URL that lives until the JVM exits. */
    static String memDb(String name) {
        return "jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }
}
