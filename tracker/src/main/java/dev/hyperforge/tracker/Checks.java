package dev.hyperforge.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Argument checks shared by the value types (package-private helpers, public for the sub-packages). */
public final class Checks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checks() {
    }

    /**
     * Requires a non-blank name no longer than {@code max}.
     *
     * @param what what the name names, for the message
     * @param value the name
     * @param max the longest length accepted
     * @return the name
     */
    public static String name(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be non-blank, received " + quote(value));
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " characters, received "
                    + value.length() + " ('" + value.substring(0, 40) + "…')");
        }
        return value;
    }

    /**
     * Requires a non-blank value.
     *
     * @param what the field's name, for the message
     * @param value the value
     * @return the value
     */
    public static String present(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required, received " + quote(value));
        }
        return value;
    }

    /**
     * Requires syntactically valid JSON.
     *
     * @param what the field's name, for the message
     * @param json the JSON text
     * @return the parsed tree
     */
    public static JsonNode jsonText(String what, String json) {
        present(what, json);
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " must be valid JSON, received '" + abbreviate(json)
                    + "': " + e.getOriginalMessage());
        }
    }

    /**
     * Requires a JSON object.
     *
     * @param what the field's name, for the message
     * @param json the JSON text
     * @return the parsed object
     */
    public static JsonNode jsonObject(String what, String json) {
        JsonNode node = jsonText(what, json);
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, received '" + abbreviate(json) + "'");
        }
        return node;
    }

    /**
     * Requires a lower-case hexadecimal SHA-256 digest.
     *
     * @param what the field's name, for the message
     * @param hex the digest
     * @return the digest
     */
    public static String sha256(String what, String hex) {
        present(what, hex);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(what + " must be 64 lower-case hex digits (SHA-256), received '"
                    + abbreviate(hex) + "'; compute it with Hashing.sha256Hex");
        }
        return hex;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
