package dev.hyperforge.tracker.blob;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an {@link S3BlobStore} keeps its objects, parsed from {@code s3://bucket/prefix?endpoint=URL&region=R
 * &path_style=true}. The endpoint (for a local or other S3-compatible server; it turns on path-style access)
 * may also come from {@code HF_S3_ENDPOINT}; the region from {@code region=}, else {@code AWS_REGION}, else
 * {@code us-east-1}. A URL with a user name or password is refused: credentials never travel in URLs.
 *
 * <pre>{@code
 * S3Location l = S3Location.parse("s3://ml-artifacts/hyperforge?endpoint=http://127.0.0.1:9000");
 * }</pre>
 *
 * @param bucket bucket name
 * @param prefix key prefix without leading or trailing slash ("" for none)
 * @param endpoint endpoint override or null for AWS
 * @param region region name
 * @param pathStyle whether to address the bucket in the path (local servers)
 */
public record S3Location(String bucket, String prefix, String endpoint, String region, boolean pathStyle) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._/-]*");

    /** Checks the fields. */
    public S3Location {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("S3 bucket name must be 3-63 lower-case letters, digits, dots or dashes, got '"
                    + bucket + "'");
        }
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.contains("..") || prefix.startsWith("/")
                || prefix.endsWith("/")) {
            throw new IllegalArgumentException("S3 prefix may hold letters, digits, '.', '_', '-' and single '/' between"
                    + " parts, got '" + prefix + "'");
        }
    }

    /**
     * Parses an {@code s3://} URL.
     *
     * @param url the URL
     * @return the location
     * @throws IllegalArgumentException for a malformed URL or one carrying credentials
     */
    public static S3Location parse(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("artifact store URL is not a URL: " + e.getMessage()
                    + "; expected s3://bucket/prefix");
        }
        if (u.getRawUserInfo() != null || u.getHost() == null && u.getAuthority() != null && u.getAuthority().contains("@")) {
            throw new IllegalArgumentException("artifact store URL must not carry credentials; give them through"
                    + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or an AWS profile");
        }
        String bucket = u.getAuthority();
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        Map<String, String> q = query(u.getRawQuery());
        String endpoint = q.getOrDefault("endpoint", System.getenv("HF_S3_ENDPOINT"));
        String region = q.getOrDefault("region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        boolean pathStyle = Boolean.parseBoolean(q.getOrDefault("path_style", String.valueOf(endpoint != null)));
        return new S3Location(bucket, path, endpoint == null || endpoint.isBlank() ? null : endpoint, region, pathStyle);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = i < 0 ? kv : kv.substring(0, i);
            if (!k.equals("endpoint") && !k.equals("region") && !k.equals("path_style")) {
                throw new IllegalArgumentException("unknown S3 URL parameter '" + k + "'; known: endpoint, region, path_style");
            }
            out.put(k, i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The object name of a key: {@code prefix/key}. */
    String objectName(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    /**
     * The URL recorded with each artifact: bucket, prefix and the endpoint (an address, not a secret).
     *
     * @return {@code s3://bucket/prefix[?endpoint=…]}
     */
    public String url() {
        String base = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        return endpoint == null ? base : base + "?endpoint=" + endpoint;
    }
}
