package dev.hyperforge.tracker.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** JSON helpers for the columns that hold JSON text. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Long> longMap(String json) {
        return read(json, new TypeReference<TreeMap<String, Long>>() { });
    }

    static Map<String, Integer> intMap(String json) {
        return read(json, new TypeReference<TreeMap<String, Integer>>() { });
    }

    /** Sets {@code key} to the JSON value {@code valueJson} in the JSON object {@code objectJson}. */
    static String put(String objectJson, String key, String valueJson) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(objectJson);
            node.set(key, MAPPER.readTree(valueJson));
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
