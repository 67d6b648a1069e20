package io.aigateway.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Paths into a resource, as the API server writes them in its messages ({@code spec.targets[0].weight}). A schema
 * path holds {@code *} for any array element or map value; a concrete path holds an array index (an Integer) there.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** {@code spec.targets[*].credentials} as segments: spec, targets, *, credentials. */
    static List<String> parse(String schemaPath) {
        return Arrays.stream(schemaPath.replace("[*]", ".*").split("\\.")).filter(s -> !s.isEmpty()).toList();
    }

    /** The first concrete path of {@code resource} that {@code schemaPath} matches and holds a value, if any. */
    static Optional<List<Object>> locate(JsonNode resource, List<String> schemaPath) {
        if (schemaPath.isEmpty()) {
            return Optional.of(List.of());
        }
        String head = schemaPath.get(0);
        List<String> rest = schemaPath.subList(1, schemaPath.size());
        if (!head.equals("*")) {
            return resource.has(head) ? locate(resource.get(head), rest).map(tail -> prepend(head, tail))
                    : Optional.empty();
        }
        if (resource.isArray()) {
            for (int i = 0; i < resource.size(); i++) {
                Optional<List<Object>> found = locate(resource.get(i), rest);
                if (found.isPresent()) {
                    return Optional.of(prepend(i, found.get()));
                }
            }
            return Optional.empty();
        }
        for (Iterator<String> keys = resource.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            Optional<List<Object>> found = locate(resource.get(key), rest);
            if (found.isPresent()) {
                return Optional.of(prepend(key, found.get()));
            }
        }
        return Optional.empty();
    }

    static JsonNode get(JsonNode resource, List<Object> path) {
        JsonNode node = resource;
        for (Object segment : path) {
            node = segment instanceof Integer index ? node.get(index) : node.get((String) segment);
        }
        return node;
    }

    /** Sets the value at {@code path}, or removes the field there when {@code value} is empty. */
    static void replace(JsonNode resource, List<Object> path, Optional<JsonNode> value) {
        JsonNode parent = get(resource, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value.orElseThrow());
        } else {
            value.ifPresentOrElse(v -> ((ObjectNode) parent).set((String) last, v),
                    () -> ((ObjectNode) parent).remove((String) last));
        }
    }

    /** {@code spec.targets[0].weight}; {@code *} shows as {@code [*]}. */
    static String display(List<?> path) {
        StringBuilder text = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer || "*".equals(segment)) {
                text.append('[').append(segment).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(segment);
            }
        }
        return text.toString();
    }

    private static List<Object> prepend(Object head, List<Object> tail) {
        List<Object> path = new ArrayList<>();
        path.add(head);
        path.addAll(tail);
        return path;
    }
}
