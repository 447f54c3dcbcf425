package dev.hyperforge.experiments.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.hyperforge.tracker.jdbc.H2Server;

/** {@code hf db start}: an H2 TCP server so several processes (or machines) share one database. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database utilities.", subcommands = DbCommand.Start.class)
public final class DbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code hf db start}. */
    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Run an H2 TCP server over a directory of databases until stopped (Ctrl-C).")
    static final class Start implements Callable<Integer> {
        @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}).")
        int port = H2Server.DEFAULT_PORT;

        @Option(names = "--dir", description = "Directory holding the database files (default: ${DEFAULT-VALUE}).")
        Path dir = Path.of(".");

        @Option(names = "--allow-others", description = "Accept connections from other hosts (default: loopback only).")
        boolean allowOthers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            H2Server server = H2Server.start(dir.toAbsolutePath(), port, allowOthers);
            spec.commandLine().getOut().printf("H2 server on port %d serving %s%nconnect with: --db %s%n", server.port(), server.baseDir(),
                    server.url("hyperforge"));
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            server.awaitShutdown();
            return Main.OK;
        }
    }
}
