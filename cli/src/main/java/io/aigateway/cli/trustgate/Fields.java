package io.aigateway.cli.trustgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A TrustGate JSON object being converted: every field read is marked, so that the ones nobody read can be
 * reported as not carried over. A null, false, empty string, empty array or empty object says nothing and is never
 * reported.
 */
final class Fields {

    private final ObjectNode node;
    private final String path;
    private final Set<String> read = new HashSet<>();

    Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The field's value, null when absent or JSON null. */
    JsonNode get(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    /** A scalar field as text; null when absent, null or empty. */
    String text(String name) {
        JsonNode value = get(name);
        return value == null || !value.isValueNode() || value.asText().isEmpty() ? null : value.asText();
    }

    /** Copies a scalar field as text to {@code out}'s {@code ours}, when it holds something. */
    void copyText(String name, ObjectNode out, String ours) {
        String value = text(name);
        if (value != null) {
            out.put(ours, value);
        }
    }

    /** Copies an array field as a list of strings to {@code out}'s {@code ours}, when it holds something. */
    void copyStrings(String name, ObjectNode out, String ours) {
        JsonNode values = get(name);
        if (values != null && values.isArray() && !values.isEmpty()) {
            ArrayNode list = out.putArray(ours);
            values.forEach(value -> list.add(value.asText()));
        }
    }

    /** Whether the field was given at all, even empty. */
    boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    /** An object field, read field by field in turn; null when absent or not an object. */
    Fields object(String name) {
        JsonNode value = get(name);
        return value instanceof ObjectNode child ? new Fields(child, path(name)) : null;
    }

    /** Marks fields as handled without a word: ids the import resolves, timestamps. */
    void skip(String... names) {
        read.addAll(List.of(names));
    }

    /** The path of a field of this object, for messages: {@code targets[1].credentials.api_key}. */
    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The fields with something in them that nobody read, with their paths. */
    List<Map.Entry<String, JsonNode>> unread() {
        List<Map.Entry<String, JsonNode>> unread = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!read.contains(field.getKey()) && saysSomething(field.getValue())) {
                unread.add(Map.entry(path(field.getKey()), field.getValue()));
            }
        }
        return unread;
    }

    private static boolean saysSomething(JsonNode value) {
        return !(value.isNull() || (value.isBoolean() && !value.asBoolean())
                || (value.isTextual() && value.asText().isEmpty()) || (value.isContainerNode() && value.isEmpty()));
    }
}
