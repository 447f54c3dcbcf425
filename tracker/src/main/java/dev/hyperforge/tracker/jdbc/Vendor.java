package dev.hyperforge.tracker.jdbc;

/** The database products the tracker supports. */
public enum Vendor {
    /** H2 2.x: embedded file, in-memory or TCP server. */
    H2("BLOB"),
    /** PostgreSQL 15 or later. */
    POSTGRESQL("BYTEA");

    private final String blobType;

    Vendor(String blobType) {
        this.blobType = blobType;
    }

    /**
     * The SQL type used for binary content (artifacts, sampler state).
     *
     * @return {@code BLOB} or {@code BYTEA}
     */
    public String blobType() {
        return blobType;
    }

    /**
     * The vendor of a JDBC URL.
     *
     * @param url JDBC URL
     * @return the vendor
     * @throws IllegalArgumentException for other URLs
     */
    public static Vendor of(String url) {
        if (url != null && url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL '" + url + "'; expected jdbc:h2:file:PATH,"
                + " jdbc:h2:mem:NAME, jdbc:h2:tcp://HOST:PORT/NAME or jdbc:postgresql://HOST:PORT/DB");
    }
}
