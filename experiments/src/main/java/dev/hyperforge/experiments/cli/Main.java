package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hf} command line. Exit codes: 0 success, 1 failure, 2 usage or bad input.
 *
 * <pre>{@code
 * ./hf tune experiments/fashion-cnn.yaml --sampler bayes --trials 10
 * ./hf bench engine --models s5,s6 --format json
 * }</pre>
 */
@Command(name = "hf", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Hyperforge: tune, track and compare deep-learning experiments on the JVM.",
        subcommands = {TrainCommand.class, TuneCommand.class, WorkerCommand.class, ReplayCommand.class, RunsCommand.class,
                StudiesCommand.class, ShowCommand.class, DbCommand.class, BenchCommand.class, ServeCommand.class,
                EnsembleCommand.class, AskCommand.class, TellCommand.class, LogCommand.class, GcCommand.class,
                ArtifactsCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for a failure while running. */
    public static final int FAILURE = 1;
    /** Exit code for usage errors and bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands that ask (hf studies delete without --yes) read the answer. */
    private final java.io.InputStream in;

    /** A command line with no input to read. */
    Main() {
        this(java.io.InputStream.nullInputStream());
    }

    private Main(java.io.InputStream in) {
        this.in = in;
    }

    /** @return the input that commands read answers from */
    java.io.InputStream in() {
        return in;
    }

    /** {@code hf --db URL <command>}: the database of every command that uses one (its own {@code --db} wins). */
    @CommandLine.Option(names = "--db", paramLabel = "URL",
            description = "Database URL for the command that follows (same as the command's own --db).")
    String db;

    /** {@code hf --artifacts STORE <command>}: the artifact store of every command that uses one. */
    @CommandLine.Option(names = "--artifacts", paramLabel = "STORE",
            description = "Artifact store for the command that follows (same as the command's own --artifacts).")
    String artifacts;

    /** {@code hf --classpath JARS <command>}: users' plug-in jars (data loaders, callbacks), as with {@code HF_CLASSPATH}. */
    @CommandLine.Option(names = "--classpath", paramLabel = "JARS",
            description = "Plug-in jars or folders (separated by '${sys:path.separator}') whose data loaders and callbacks experiment files may name; "
                    + "adds to HF_CLASSPATH.")
    void classpath(String jars) {
        dev.hyperforge.experiments.plugins.Plugins.addClasspath(jars);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line with no input to read and returns the exit code (for tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(java.io.InputStream.nullInputStream(), out, err, args);
    }

    /** Runs the command line and returns the exit code (for tests and {@link #main}); answers to questions come from {@code in}. */
    public static int execute(java.io.InputStream in, PrintWriter out, PrintWriter err, String... args) {
        try { // a bad -Dhf.numerics would otherwise surface only once a trial starts, after its study was written
            dev.hyperforge.engine.kernels.Numerics.checkProperty();
        } catch (IllegalArgumentException e) {
            err.println("hf: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        }
        CommandLine cl = new CommandLine(new Main(in));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> isBadInput(e) || e instanceof CommandLine.ParameterException ? BAD_INPUT : FAILURE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("hf: " + message(e));
            if (System.getenv("HF_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return isBadInput(e) ? BAD_INPUT : FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** A user's mistake: a bad argument, or an id the database does not hold (the stores raise NoSuchElementException). */
    private static boolean isBadInput(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof java.util.NoSuchElementException;
    }

    /** The message a user sees: the exception's own, with its cause's when that adds something. */
    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (" + c.getMessage() + ")";
        }
        return m;
    }

    /** Entry point of {@code ./hf}. */
    public static void main(String[] args) {
        // JavaCPP's own warnings through slf4j (simplelogger.properties keeps them to errors): it warns on every start
        // that OpenBLAS's presets (0.3.19-1.5.7, ND4J's) predate the JavaCPP runtime (1.5.12, oneDNN 3.x's presets),
        // a combination checked to give the same bits (engine/BENCHMARK.md, round 11)
        if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
            System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        }
        int code = execute(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }
}
