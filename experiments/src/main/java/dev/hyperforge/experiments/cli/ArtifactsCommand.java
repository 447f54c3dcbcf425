package dev.hyperforge.experiments.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.jdbc.ArtifactMaintenance;
import dev.hyperforge.tracker.jdbc.BlobStores;

/**
 * {@code hf artifacts migrate --to STORE}: moves every artifact whose bytes are in the database (BLOBs written
 * before schema V6, or the {@code db} store) or in another store into {@code STORE}, each streamed, verified
 * against its recorded SHA-256 and re-pointed one at a time (an interrupted migration leaves every artifact
 * readable; run it again to finish). An embedded H2 file is compacted afterwards so the freed space returns
 * to the disk.
 */
@Command(name = "artifacts", mixinStandardHelpOptions = true, description = "Manage artifact stores.",
        subcommands = ArtifactsCommand.Migrate.class)
public final class ArtifactsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: hf artifacts migrate --to STORE");
    }

    /** {@code hf artifacts migrate --to STORE}. */
    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = "Move artifacts out of the database (or another store) into STORE, verified by hash.")
    public static final class Migrate implements Callable<Integer> {
        @Option(names = "--to", required = true, paramLabel = "STORE",
                description = "Target store: a directory, s3://bucket/prefix[?endpoint=URL] or db.")
        String to;

        @Option(names = "--quiet", description = "Print only the summary.")
        boolean quiet;

        @Mixin
        DbOption db;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BlobStores.check(to);
            try (DbOption.Store store = db.open()) {
                ArtifactMaintenance.Migration m;
                try (BlobStore target = BlobStores.open(to, store.database())) {
                    m = store.runs().artifactMaintenance().migrate(target, line -> {
                        if (!quiet) {
                            out.println(line);
                            out.flush();
                        }
                    });
                    out.printf(Locale.ROOT, "moved %d artifact(s), %,d bytes, to %s (each verified by SHA-256)%n", m.moved(), m.bytes(),
                            target.location());
                }
                store.database().compactEmbedded();
            }
            out.flush();
            return Main.OK;
        }
    }
}
