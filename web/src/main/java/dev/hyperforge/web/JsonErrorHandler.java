package dev.hyperforge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error pages as the API's JSON errors: requests Jetty rejects before Javalin sees them (a malformed or
 * ambiguous URI, a bad percent-escape, an unsupported method) answer {@code {"status": N, "error": "…"}} too,
 * never Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] body(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            return ("{\"status\":" + status + ",\"error\":\"error\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    static String message(int status, String reason) {
        String why = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
        return status == 400 ? "malformed request" + why + ": check the URL's path segments and %-escapes"
                : "request rejected" + why;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, message(status, reason)));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.getOutputStream().write(body(code, message(code, message)));
    }
}
