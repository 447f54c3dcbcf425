package dev.hyperforge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded generator of REST requests for the fuzz test: a valid request to one endpoint of the OpenAPI document
 * (ids of the fixture study, sensible query parameters and JSON bodies), then one to three mutations of its path
 * ids, query parameters, body, method or content type.
 */
final class RestMutator {
    /** One request to send. */
    record Request(String method, String target, String contentType, byte[] body, String description) {
        boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    /** The ids the valid requests use. */
    record Ids(long study, List<Long> runs, long artifactOfFirstRun, String ensemble) {
    }

    static final String[] HOSTILE = {"-1", "0", "1", "99999999999999999999", "-9223372036854775808",
        "9223372036854775807", "2147483648", "1e309", "-1e309", "NaN", "Infinity", "1.5", "0x10", " 7 ", "", " ",
        "ü名🙂", "\u0000", "' OR '1'='1", "1; DROP TABLE run;--", "\"; DELETE FROM metric; --",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../../etc/passwd", "..%2F..", "%00",
        "%zz", "%", "null", "true", "[]", "{}", ":", "::", ":::", "lr:abc:", "lr:1:0", "val_accuracy::NaN",
        "metric:", "param:", "param:nope", "metric:' OR 1=1", "COMPLETE,BOGUS", "complete", "${jndi:ldap://x/a}",
        "a".repeat(3000), "%E2%80%AE", "\uD83D", "name", "owner", "loss,val_loss", "1,1", "1,2,3,4,5,6,7,8,9,10,11"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
        "FOO"};
    private static final String[] TYPES = {null, "application/json", "application/json; charset=utf-8",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "APPLICATION/JSON", "application/json; charset=latin1", "*/*", "application/jsonx", ";;;"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<String[]> endpoints = new ArrayList<>();
    private final Ids ids;
    private final SplittableRandom rnd;

    RestMutator(JsonNode openApi, Ids ids, long seed) {
        this.ids = ids;
        this.rnd = new SplittableRandom(seed);
        for (Iterator<Map.Entry<String, JsonNode>> it = openApi.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            e.getValue().fieldNames().forEachRemaining(m -> endpoints.add(new String[] {m.toUpperCase(), e.getKey()}));
        }
    }

    /** @return the endpoints ({@code METHOD path}) of the OpenAPI document */
    List<String> endpoints() {
        return endpoints.stream().map(e -> e[0] + " " + e[1]).toList();
    }

    /** @param index which request of the run (the endpoints take turns, so each gets a share) */
    Request next(int index) {
        String[] ep = endpoints.get(index % endpoints.size());
        String method = ep[0];
        List<String> segments = new ArrayList<>(List.of(ep[1].substring(1).split("/")));
        segments.replaceAll(this::fill);
        List<String[]> query = query(ep[1]);
        JsonNode body = body(ep[1], method);
        String type = body == null ? null : "application/json";
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder what = new StringBuilder(ep[0] + " " + ep[1]);
        int mutations = 1 + rnd.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (rnd.nextInt(bytes == null ? 4 : 6)) {
                case 0 -> mutatePath(segments, what);
                case 1, 2 -> mutateQuery(query, what);
                case 3 -> {
                    if (rnd.nextInt(3) == 0) {
                        method = pick(METHODS);
                        what.append(" | method ").append(method);
                    } else {
                        type = pick(TYPES);
                        what.append(" | type ").append(type);
                    }
                }
                default -> {
                    bytes = mutateBody(body, what);
                }
            }
        }
        return new Request(method, "/" + String.join("/", segments) + queryString(query), type, bytes, what.toString());
    }

    private String fill(String segment) {
        return switch (segment) {
            case "{studyId}" -> String.valueOf(ids.study());
            case "{runId}" -> String.valueOf(ids.runs().get(rnd.nextInt(2)));
            case "{artifactId}" -> String.valueOf(ids.artifactOfFirstRun());
            case "{name}" -> ids.ensemble();
            case "{key}" -> rnd.nextBoolean() ? "stage" : "owner";
            default -> segment;
        };
    }

    private List<String[]> query(String path) {
        List<String[]> q = new ArrayList<>();
        String runs = ids.runs().get(0) + "," + ids.runs().get(1);
        if (path.endsWith("/runs")) {
            q.add(new String[] {"state", "COMPLETE"});
            q.add(new String[] {"param", "lr:0.0001:"});
            q.add(new String[] {"metric", "val_accuracy::1"});
            q.add(new String[] {"sort", rnd.nextBoolean() ? "metric:val_accuracy" : "param:units"});
            q.add(new String[] {"desc", "true"});
            q.add(new String[] {"offset", "0"});
            q.add(new String[] {"limit", "20"});
        } else if (path.endsWith("/points")) {
            q.add(new String[] {"limit", "100"});
        } else if (path.endsWith("/ensemble-candidates")) {
            q.add(new String[] {"top", "3"});
            q.add(new String[] {"runs", runs});
        } else if (path.endsWith("/metrics")) {
            q.add(new String[] {"names", "loss,val_loss"});
        } else if (path.endsWith("/compare")) {
            q.add(new String[] {"runs", runs});
        }
        return q;
    }

    private JsonNode body(String path, String method) {
        if (path.endsWith("/note")) {
            return F.objectNode().put("note", "looks fine " + rnd.nextInt(100));
        } else if (path.endsWith("/ask")) {
            return F.objectNode();
        } else if (path.endsWith("/tell")) {
            return rnd.nextBoolean() ? F.objectNode().put("value", rnd.nextDouble()) : F.objectNode().put("state", "PRUNED");
        } else if (path.endsWith("/metrics") && method.equals("POST")) {
            ObjectNode b = F.objectNode();
            b.putArray("metrics").addObject().put("name", "val_loss").put("step", rnd.nextInt(5)).put("value", rnd.nextDouble());
            return b;
        } else if (path.contains("/tags/")) {
            return F.objectNode().put("value", "v" + rnd.nextInt(100));
        } else if (method.equals("POST")) {
            ObjectNode b = F.objectNode();
            ArrayNode runs = b.putArray("runs");
            ids.runs().subList(0, 3).forEach(runs::add);
            String[] methods = {"equal", "greedy", "manual"};
            String m = methods[rnd.nextInt(methods.length)];
            b.put("method", m);
            if (m.equals("manual")) {
                b.putArray("weights").add(0.5).add(0.3).add(0.2);
            }
            b.put("rounds", 5);
            if (path.equals("/api/ensembles")) {
                b.put("name", "fz" + rnd.nextInt(1000));
            }
            return b;
        }
        return null;
    }

    private void mutatePath(List<String> segments, StringBuilder what) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (i >= 2 && !segments.get(i).matches("[a-z-]+")) {
                ids.add(i);
            }
        }
        int at = ids.isEmpty() ? 1 + rnd.nextInt(segments.size() - 1) : ids.get(rnd.nextInt(ids.size()));
        String v = pick(HOSTILE);
        segments.set(at, rnd.nextInt(4) == 0 ? raw(v) : URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
        what.append(" | path[").append(at).append("]=").append(abbrev(v));
    }

    private void mutateQuery(List<String[]> query, StringBuilder what) {
        String[] names = {"state", "param", "metric", "tag", "sort", "desc", "offset", "limit", "top", "runs", "names",
            "token", pick(HOSTILE)};
        String v = pick(HOSTILE);
        int kind = rnd.nextInt(4);
        if (kind == 0 || query.isEmpty()) {
            query.add(new String[] {names[rnd.nextInt(names.length)], v});
        } else if (kind == 1) {
            query.remove(rnd.nextInt(query.size()));
            what.append(" | query drop");
            return;
        } else {
            query.get(rnd.nextInt(query.size()))[1] = v;
        }
        what.append(" | query ").append(abbrev(v));
    }

    private byte[] mutateBody(JsonNode valid, StringBuilder what) {
        String text = valid.toString();
        int kind = rnd.nextInt(10);
        what.append(" | body#").append(kind);
        return switch (kind) {
            case 0 -> text.substring(0, rnd.nextInt(text.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"runs\":" + "[".repeat(1500) + "]".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> new byte[] {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 4 -> pick(new String[] {"", "null", "[]", "\"x\"", "42", "{}", "{\"runs\":NaN}", "{\"note\":1e99999}",
                "{\"runs\":[1e400]}", "{\"weights\":[NaN]}"}).getBytes(StandardCharsets.UTF_8);
            default -> wrongField(valid.deepCopy()).getBytes(StandardCharsets.UTF_8);
        };
    }

    private String wrongField(JsonNode body) {
        ObjectNode o = (ObjectNode) body;
        List<String> fields = new ArrayList<>();
        o.fieldNames().forEachRemaining(fields::add);
        fields.add("extra");
        String f = fields.get(rnd.nextInt(fields.size()));
        if (rnd.nextInt(4) == 0) {
            o.remove(f);
            return o.toString();
        }
        String[] raws = {"1e309", "-1e309", "99999999999999999999999", "-0", "1.5", "true", "null", "\"\"",
            "\"" + HOSTILE[rnd.nextInt(HOSTILE.length)].replace("\\", "").replace("\"", "") + "\"", "[]", "{}",
            "[1, \"x\", null]", "[-1, 0]", "[9223372036854775807, 9223372036854775807]", "[1.5, 2.5]",
            "{\"a\":{\"b\":{\"c\":[[[[1]]]]}}}", "\"" + "x".repeat(20_000) + "\"", "[0,0,0]", "[-1,2,0]",
            "[1e308,1e308,1e308]"};
        o.put(f, "@@RAW@@");
        return o.toString().replace("\"@@RAW@@\"", raws[rnd.nextInt(raws.length)]);
    }

    /** A value put into the request target without percent-encoding (only bytes a request line can carry). */
    private static String raw(String v) {
        return v.replace(" ", "").replace("\u0000", "").replace("#", "").replace("?", "");
    }

    private String queryString(List<String[]> query) {
        StringBuilder s = new StringBuilder();
        for (String[] kv : query) {
            s.append(s.length() == 0 ? '?' : '&').append(URLEncoder.encode(kv[0], StandardCharsets.UTF_8)).append('=');
            s.append(rnd.nextInt(6) == 0 ? raw(kv[1]).replace("&", "") : URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
        }
        return s.toString();
    }

    private String pick(String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static String abbrev(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…(" + v.length() + ")" : v;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
