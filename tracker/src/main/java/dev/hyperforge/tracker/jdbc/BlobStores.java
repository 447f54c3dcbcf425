package dev.hyperforge.tracker.jdbc;

import dev.hyperforge.tracker.blob.BlobStore;
import dev.hyperforge.tracker.blob.DirectoryBlobStore;
import dev.hyperforge.tracker.blob.S3BlobStore;
import dev.hyperforge.tracker.blob.S3Location;
import java.net.URI;
import java.nio.file.Path;

/**
 * Opens an artifact store from its URL: {@code db} (inside the tracker database), {@code s3://bucket/prefix}
 * (S3 or an S3-compatible server), or a directory ({@code file:/abs/dir} or a plain path). The default when
 * nothing is chosen is {@link #defaultUrl(String)}: the directory {@code hyperforge-artifacts} next to the
 * default embedded H2 file database ({@code <name>-artifacts} for others), and the database itself for server databases (H2 TCP, PostgreSQL), whose
 * workers may run on other machines that share no directory.
 *
 * <pre>{@code
 * BlobStore objects = BlobStores.open(BlobStores.resolveUrl(cliValue, db.url()), db);
 * RunStore store = new JdbcRunStore(db, Clock.systemUTC(), objects);
 * }</pre>
 */
public final class BlobStores {
    /** Environment variable naming the artifact store when {@code --artifacts} is not given. */
    public static final String ENV_VAR = "HF_ARTIFACTS";
    /** Suffix of the default artifact directory's name, after the database's name, beside its file. */
    public static final String DEFAULT_DIR_SUFFIX = "-artifacts";

    private BlobStores() {
    }

    /**
     * The store URL to use: the option's value, else {@code HF_ARTIFACTS}, else the default for the database.
     *
     * @param cliValue {@code --artifacts} or null
     * @param databaseUrl the JDBC URL of the tracker database
     * @return the store URL
     */
    public static String resolveUrl(String cliValue, String databaseUrl) {
        if (cliValue != null && !cliValue.isBlank()) {
            return cliValue;
        }
        String env = System.getenv(ENV_VAR);
        return env != null && !env.isBlank() ? env : defaultUrl(databaseUrl);
    }

    /**
     * The default store of a database: the directory {@code <name>-artifacts} beside the file for
     * {@code jdbc:h2:file:<dir>/<name>} (so {@code ./hyperforge-artifacts/} for the default database, and two
     * databases in one directory never share a store, which {@code hf gc} of one would otherwise empty for the
     * other), {@code db} otherwise (in-memory H2, H2 server, PostgreSQL).
     *
     * @param databaseUrl JDBC URL
     * @return a store URL
     */
    public static String defaultUrl(String databaseUrl) {
        if (databaseUrl != null && databaseUrl.startsWith("jdbc:h2:file:")) {
            String path = databaseUrl.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            Path file = Path.of(path).toAbsolutePath().normalize();
            return file.resolveSibling(file.getFileName() + DEFAULT_DIR_SUFFIX).toString();
        }
        return DatabaseBlobStore.LOCATION;
    }

    /**
     * Checks a store URL without opening anything (so a command can refuse it before the database opens).
     *
     * @param url the URL
     * @return the URL
     * @throws IllegalArgumentException for a malformed URL or an unknown scheme
     */
    public static String check(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("artifact store URL is empty; expected a directory, s3://bucket/prefix or db");
        }
        if (url.startsWith("s3://")) {
            S3Location.parse(url);
        } else if (url.startsWith("file:")) {
            try {
                Path.of(URI.create(url));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                throw new IllegalArgumentException("artifact store URL '" + url + "' is not a file URL: " + e.getMessage()
                        + "; write file:/absolute/dir or a plain path");
            }
        } else if (!url.equals(DatabaseBlobStore.LOCATION) && url.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("unknown artifact store URL '" + url.replaceAll("//[^/@]*@", "//***@")
                    + "'; expected a directory, file:/dir, s3://bucket/prefix or db");
        }
        return url;
    }

    /**
     * Opens a store.
     *
     * @param url {@code db}, {@code s3://…}, {@code file:/…} or a directory path
     * @param db the tracker database (used by {@code db})
     * @return the store; close it when done
     * @throws IllegalArgumentException for a malformed URL or an unknown scheme
     */
    public static BlobStore open(String url, Database db) {
        check(url);
        if (url.equals(DatabaseBlobStore.LOCATION)) {
            return new DatabaseBlobStore(db);
        }
        if (url.startsWith("s3://")) {
            return new S3BlobStore(S3Location.parse(url));
        }
        if (url.startsWith("file:")) {
            return new DirectoryBlobStore(Path.of(URI.create(url)));
        }
        return new DirectoryBlobStore(Path.of(url));
    }
}
