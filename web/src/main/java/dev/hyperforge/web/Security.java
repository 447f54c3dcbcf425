package dev.hyperforge.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * Per-request safety: security headers (a strict Content-Security-Policy: scripts only from this server), a
 * Host-header check while bound to loopback (defeats DNS rebinding: exactly one {@code Host} header, naming
 * {@code localhost}, a 127.x.x.x literal or {@code [::1]}, with no port or the server's; see {@link Loopback}), and
 * the token when one is configured. A page opened with {@code ?token=T} gets the cookie and a 303 to the same
 * address without the token, so the token does not stay in the address bar, the history or a shared link.
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
        if (ServerOptions.isLoopback(options.host())) {
            checkHost(ctx);
        }
        if (token == null) {
            return;
        }
        String query = ctx.queryParam("token");
        if (matches(query)) {
            ctx.header("Set-Cookie", COOKIE + "=" + URLEncoder.encode(options.token(), StandardCharsets.UTF_8)
                    + "; Path=/; HttpOnly; SameSite=Strict");
            if (ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD")) {
                ctx.redirect(withoutToken(ctx.path(), ctx.queryString()), HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
            }
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

    private void checkHost(Context ctx) {
        List<String> hosts = Collections.list(ctx.req().getHeaders("Host"));
        if (hosts.size() != 1 || !Loopback.isLoopbackHostHeader(hosts.get(0), ctx.req().getLocalPort())) {
            String seen = hosts.isEmpty() ? "absent" : hosts.size() > 1 ? "given " + hosts.size() + " times"
                    : "'" + hosts.get(0) + "'";
            throw new ApiException(403, "this dashboard is bound to " + options.host() + " and only answers requests"
                    + " addressed to localhost, 127.0.0.1 or [::1] on port " + ctx.req().getLocalPort()
                    + " (Host header " + seen + ")");
        }
    }

    /**
     * The same address without any {@code token} query parameter; a path starting with several slashes keeps only
     * one, so the {@code Location} can never name another host ({@code //evil.example/}).
     */
    static String withoutToken(String path, String query) {
        String p = "/" + path.replaceFirst("^/+", "");
        if (query == null || query.isEmpty()) {
            return p;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String part : query.split("&")) {
            String key = URLDecoder.decode(part.split("=", 2)[0], StandardCharsets.UTF_8);
            if (!part.isEmpty() && !key.equals("token")) {
                kept.add(part);
            }
        }
        return kept.length() == 0 ? p : p + "?" + kept;
    }
}
