package dev.hyperforge.web;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * Where the dashboard listens and whether requests need a token. Safe by default: it binds the loopback
 * address; any other address requires a token of at least {@value #MIN_TOKEN_LENGTH} characters, which every
 * request must then carry (header {@code Authorization: Bearer T}, the {@code hf_token} cookie, or {@code ?token=T}
 * once, which sets the cookie). Which addresses are loopback is decided strictly ({@code localhost},
 * {@code 127.x.x.x} literals, {@code ::1}; see {@link #isLoopback}). The {@link Limits} guard against slow and
 * numerous clients.
 *
 * <pre>{@code
 * ServerOptions local = ServerOptions.defaults();                               // 127.0.0.1:7070, no token
 * ServerOptions shared = ServerOptions.resolve("0.0.0.0", 7070, null, System.getenv()); // HF_TOKEN or a random one
 * }</pre>
 *
 * @param host address to bind ({@code 127.0.0.1}, {@code localhost}, {@code ::1}, {@code 0.0.0.0}, an interface)
 * @param port port, 0 for an ephemeral one
 * @param token the token every request needs, or null (allowed only on a loopback host)
 * @param limits timeouts and the connection cap
 */
public record ServerOptions(String host, int port, String token, Limits limits) {
    /** Default port. */
    public static final int DEFAULT_PORT = 7070;
    /** Default host. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Environment variable with the token. */
    public static final String TOKEN_ENV = "HF_TOKEN";
    /** The shortest token accepted. */
    public static final int MIN_TOKEN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How long the server waits for slow clients and how many it serves at once.
     *
     * <pre>{@code
     * ServerOptions o = ServerOptions.defaults().withLimits(new ServerOptions.Limits(
     *         Duration.ofSeconds(30), Duration.ofSeconds(10), 256));
     * }</pre>
     *
     * @param idleTimeout a connection on which nothing is read or written for this long is closed
     * @param headerTimeout a request's line and headers must have arrived this long after the connection opened or
     *                      the previous response ended, else the connection is closed (defeats clients trickling
     *                      headers, which the idle timeout alone does not)
     * @param maxConnections the most connections open at once; further ones wait in the accept queue
     */
    public record Limits(Duration idleTimeout, Duration headerTimeout, int maxConnections) {
        /** 30 s idle, 10 s for the headers, 256 connections. */
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10), 256);

        /** Checks that both timeouts are positive and the cap is at least 1. */
        public Limits {
            if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idle timeout must be positive, received " + idleTimeout);
            }
            if (headerTimeout == null || headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("header timeout must be positive, received " + headerTimeout);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("max connections must be at least 1, received " + maxConnections);
            }
        }
    }

    /**
     * Options with the default {@link Limits}.
     *
     * @param host address to bind
     * @param port port, 0 for an ephemeral one
     * @param token the token, or null (loopback only)
     */
    public ServerOptions(String host, int port, String token) {
        this(host, port, token, Limits.DEFAULTS);
    }

    /** Validates host, port, limits and the token rules. */
    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be non-blank, received '" + host + "'; use 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = any free port), received " + port);
        }
        Objects.requireNonNull(limits, "limits");
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the token must be at least " + MIN_TOKEN_LENGTH + " characters,"
                    + " received " + token.length() + "; use a long random one (e.g. openssl rand -hex 16), or give"
                    + " none with a non-loopback --host to have one generated");
        }
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("--host " + host + " exposes the dashboard beyond this machine and"
                    + " needs a token: pass --token T or set " + TOKEN_ENV + "; every request must then carry it");
        }
    }

    /**
     * @param newLimits the limits
     * @return these options with other limits
     */
    public ServerOptions withLimits(Limits newLimits) {
        return new ServerOptions(host, port, token, newLimits);
    }

    /** @return 127.0.0.1:7070 without a token */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, null);
    }

    /**
     * Options as the CLI gives them: the token falls back to {@code HF_TOKEN}, and when neither is given for a
     * non-loopback host, to a {@link #randomToken() random one} (the caller prints {@link DashboardServer#url()},
     * which carries it).
     *
     * @param host host, or null for 127.0.0.1
     * @param port port
     * @param token token from the command line, or null
     * @param env the environment (e.g. {@code System.getenv()})
     * @return the options
     * @throws IllegalArgumentException for a token shorter than {@value #MIN_TOKEN_LENGTH} characters
     */
    public static ServerOptions resolve(String host, int port, String token, Map<String, String> env) {
        String h = host == null ? DEFAULT_HOST : host;
        String t = token != null && !token.isBlank() ? token : env.get(TOKEN_ENV);
        if ((t == null || t.isBlank()) && !h.isBlank() && !isLoopback(h)) {
            t = randomToken();
        }
        return new ServerOptions(h, port, t);
    }

    /** @return 32 URL-safe characters from {@link SecureRandom} (192 bits) */
    public static String randomToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return whether requests need the token */
    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * Whether a host name or address is the loopback interface, checked strictly and without DNS: {@code localhost},
     * a dotted-decimal literal in 127.0.0.0/8 or the IPv6 literal {@code ::1} (bracketed or not). Names that merely
     * start like one ({@code 127.0.0.1.example.com}) are not.
     *
     * @param host the host
     * @return true for localhost, 127.x.x.x literals and ::1
     */
    public static boolean isLoopback(String host) {
        return Loopback.isLoopback(host);
    }

    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", limits=" + limits + "]";
    }
}
