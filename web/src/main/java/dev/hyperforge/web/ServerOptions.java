package dev.hyperforge.web;

import java.util.Map;

/**
 * Where the dashboard listens and whether requests need a token. Safe by default: it binds the loopback
 * address; any other address requires a token, which every request must then carry (header
 * {@code Authorization: Bearer T}, the {@code hf_token} cookie, or {@code ?token=T} once, which sets the cookie).
 *
 * <pre>{@code
 * ServerOptions local = ServerOptions.defaults();                               // 127.0.0.1:7070, no token
 * ServerOptions shared = ServerOptions.resolve("0.0.0.0", 7070, null, System.getenv()); // token from HF_TOKEN
 * }</pre>
 *
 * @param host address to bind ({@code 127.0.0.1}, {@code localhost}, {@code ::1}, {@code 0.0.0.0}, an interface)
 * @param port port, 0 for an ephemeral one
 * @param token the token every request needs, or null (allowed only on a loopback host)
 */
public record ServerOptions(String host, int port, String token) {
    /** Default port. */
    public static final int DEFAULT_PORT = 7070;
    /** Default host. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Environment variable with the token. */
    public static final String TOKEN_ENV = "HF_TOKEN";

    /** Validates host, port and the token rule. */
    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be non-blank, received '" + host + "'; use 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = any free port), received " + port);
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null && !isLoopback(host)) {
            throw new IllegalArgumentException("--host " + host + " exposes the dashboard beyond this machine and"
                    + " needs a token: pass --token T or set " + TOKEN_ENV + "; every request must then carry it");
        }
    }

    /** @return 127.0.0.1:7070 without a token */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_HOST, DEFAULT_PORT, null);
    }

    /**
     * Options as the CLI gives them, the token falling back to {@code HF_TOKEN}.
     *
     * @param host host, or null for 127.0.0.1
     * @param port port
     * @param token token from the command line, or null
     * @param env the environment (e.g. {@code System.getenv()})
     * @return the options
     */
    public static ServerOptions resolve(String host, int port, String token, Map<String, String> env) {
        String t = token != null && !token.isBlank() ? token : env.get(TOKEN_ENV);
        return new ServerOptions(host == null ? DEFAULT_HOST : host, port, t);
    }

    /** @return whether requests need the token */
    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * Whether a host name or address is the loopback interface (checked without DNS).
     *
     * @param host the host
     * @return true for localhost, 127.x.x.x and ::1
     */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
