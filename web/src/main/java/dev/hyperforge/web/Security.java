package dev.hyperforge.web;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Per-request safety: security headers (a strict Content-Security-Policy: scripts only from this server), a
 * Host-header check while bound to loopback (defeats DNS rebinding), and the token when one is configured.
 */
final class Security {
    static final String COOKIE = "hf_token";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'self'";
    private final ServerOptions options;
    private final byte[] token;

    Security(ServerOptions options) {
        this.options = options;
        this.token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
    }

    void before(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", "no-store");
        if (ServerOptions.isLoopback(options.host()) && !loopbackHost(ctx.header("Host"))) {
            throw new ApiException(403, "this dashboard is bound to " + options.host() + " and only answers requests"
                    + " addressed to localhost or 127.0.0.1 (Host header was '" + ctx.header("Host") + "')");
        }
        if (token == null) {
            return;
        }
        String query = ctx.queryParam("token");
        if (matches(query)) {
            ctx.header("Set-Cookie", COOKIE + "=" + URLEncoder.encode(options.token(), StandardCharsets.UTF_8)
                    + "; Path=/; HttpOnly; SameSite=Strict");
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && matches(auth.substring(7).trim())) {
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && matches(URLDecoder.decode(cookie, StandardCharsets.UTF_8))) {
            return;
        }
        throw new ApiException(401, "this dashboard needs its token: send 'Authorization: Bearer <token>' or open"
                + " the page once with ?token=<token>");
    }

    private boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean loopbackHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(0, end + 1);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return ServerOptions.isLoopback(h);
    }
}
