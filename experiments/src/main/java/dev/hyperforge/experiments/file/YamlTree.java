package dev.hyperforge.experiments.file;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML document read with Jackson's streaming parser into a small tree whose every node knows its
 * field path and line. Duplicate keys are rejected (a plain tree would silently keep the last one).
 */
final class YamlTree {
    /** The largest experiment file, in bytes (and characters): a real one is a few KB. */
    static final int MAX_SIZE = 1 << 20;
    private static final YAMLFactory FACTORY = YAMLFactory.builder().loaderOptions(loaderOptions()).build();
    /** Plain scalars such as {@code 1e-3} that YAML 1.1 (and so Jackson) reads as strings. */
    private static final Pattern SCIENTIFIC = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)[eE][-+]?\\d+");

    private YamlTree() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_SIZE);
        o.setMaxAliasesForCollections(0);
        return o;
    }

    /** A node of the tree. */
    sealed interface Node permits MapNode, ListNode, Scalar {
        /** The field path, e.g. {@code model.layers[3].args}. */
        String path();

        /** The 1-based line where the node starts. */
        int line();

        /** What the node is, for messages: a map, a list, or the scalar's text in quotes. */
        String describe();
    }

    /** A mapping, in file order. */
    record MapNode(String path, int line, Map<String, Node> entries) implements Node {
        @Override
        public String describe() {
            return "a map";
        }

        Node get(String key) {
            return entries.get(key);
        }
    }

    /** A sequence. */
    record ListNode(String path, int line, List<Node> items) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar: Integer, Long, Double, String, Boolean or null. */
    record Scalar(String path, int line, Object value) implements Node {
        @Override
        public String describe() {
            if (value == null) {
                return "null";
            }
            return value instanceof String ? "'" + value + "'" : String.valueOf(value);
        }
    }

    /**
     * Parses one YAML document.
     *
     * @param lines receives the line of every field path
     * @throws ExperimentFileException on a syntax error (with the parser's line), an empty file, several
     *     documents or a duplicate key
     */
    static Node parse(String text, String file, Map<String, Integer> lines) {
        if (text.length() > MAX_SIZE) {
            throw new ExperimentFileException(file, 0, "", "the file holds " + text.length() + " characters; an experiment file may hold at most "
                    + MAX_SIZE + " (1 MB)");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ExperimentFileException(file, 1, "", "the file is empty; an experiment needs at least name, data, model and compile");
            }
            Node root = read(p, file, "", lines, 0);
            if (p.nextToken() != null) {
                throw new ExperimentFileException(file, line(p), "", "only one YAML document is allowed per experiment file (found a second '---')");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr();
            throw new ExperimentFileException(file, line, "", "YAML syntax error: " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ExperimentFileException(file, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** Reads the node at the current token; {@code keyLine} (when positive) is the line of the key holding it. */
    private static Node read(JsonParser p, String file, String path, Map<String, Integer> lines, int keyLine) throws IOException {
        JsonToken t = p.currentToken();
        int line = keyLine > 0 ? keyLine : line(p);
        lines.putIfAbsent(path, line);
        checkNoAnchor(p, file, path, line);
        switch (t) {
            case START_OBJECT:
                return readMap(p, file, path, line, lines);
            case START_ARRAY:
                return readList(p, file, path, line, lines);
            case VALUE_STRING:
                return new Scalar(path, line, stringValue(p.getText()));
            case VALUE_NUMBER_INT:
                return new Scalar(path, line, intValue(p));
            case VALUE_NUMBER_FLOAT:
                return new Scalar(path, line, p.getDoubleValue());
            case VALUE_TRUE:
                return new Scalar(path, line, Boolean.TRUE);
            case VALUE_FALSE:
                return new Scalar(path, line, Boolean.FALSE);
            case VALUE_NULL:
                return new Scalar(path, line, null);
            default:
                throw new ExperimentFileException(file, line, path, "unsupported YAML content (" + t + ")");
        }
    }

    /**
     * YAML anchors ({@code &name}), aliases ({@code *name}) and merge keys ({@code <<:}) are refused by name: the
     * streaming parser would read an alias as the plain string {@code name}, and a merge key as an ordinary key.
     */
    private static void checkNoAnchor(JsonParser p, String file, String path, int line) throws IOException {
        YAMLParser y = (YAMLParser) p;
        if (y.isCurrentAlias()) {
            throw new ExperimentFileException(file, line, path, "YAML aliases are not supported (*" + p.getText()
                    + "); write the value out in full");
        }
        if (y.getObjectId() != null) {
            throw new ExperimentFileException(file, line, path, "YAML anchors are not supported (&" + y.getObjectId()
                    + "); write the values out in full");
        }
    }

    private static Object stringValue(String s) {
        return SCIENTIFIC.matcher(s).matches() ? (Object) Double.parseDouble(s) : s;
    }

    private static Object intValue(JsonParser p) throws IOException {
        BigInteger b = p.getBigIntegerValue();
        if (b.bitLength() < 32) {
            return b.intValue();
        }
        return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }

    private static MapNode readMap(JsonParser p, String file, String path, int line, Map<String, Integer> lines) throws IOException {
        Map<String, Node> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line(p);
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (key.equals("<<")) {
                throw new ExperimentFileException(file, keyLine, childPath, "YAML merge keys (<<) are not supported; write the keys out in full");
            }
            if (m.containsKey(key)) {
                throw new ExperimentFileException(file, keyLine, childPath, "duplicate key '" + key + "' (first given on line "
                        + m.get(key).line() + ")");
            }
            lines.put(childPath, keyLine);
            p.nextToken();
            Node child = read(p, file, childPath, lines, keyLine);
            lines.put(childPath, keyLine);
            m.put(key, child);
        }
        return new MapNode(path, line, Collections.unmodifiableMap(m));
    }

    private static ListNode readList(JsonParser p, String file, String path, int line, Map<String, Integer> lines) throws IOException {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(p, file, path + "[" + items.size() + "]", lines, 0));
        }
        return new ListNode(path, line, Collections.unmodifiableList(items));
    }
}
