package io.aigateway.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * One constraint of a CRD's openAPIV3Schema that a value can break (enum, minimum, pattern, required...), found by
 * walking the schema, with a value that breaks it and the words the API server refuses such a value with.
 *
 * @param kind the resource kind
 * @param path where the constrained value sits, from the resource's root; {@code *} stands for any array element or
 *     map value. For {@code required}, the path of the required field.
 * @param keyword the schema keyword
 * @param schema the schema that holds the keyword
 */
record SchemaConstraint(String kind, List<String> path, String keyword, JsonNode schema) {

    /** Keywords that constrain no value alone (structure, types, documentation), or have tests of their own. */
    private static final Set<String> NOT_CONSTRAINTS = Set.of("description", "type", "properties", "items",
            "additionalProperties", "anyOf", "x-kubernetes-int-or-string",
            // CEL rules: CelRuleCases.
            "x-kubernetes-validations");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NOT_IN_ENUM = "not-a-supported-value";
    /** No name, key, URL or date has a space. */
    private static final String BREAKS_PATTERNS = " ";

    /** Every constraint of a kind's schema, in schema order; keywords this class does not know included. */
    static List<SchemaConstraint> of(String kind, JsonNode openApiSchema) {
        List<SchemaConstraint> constraints = new ArrayList<>();
        collect(kind, openApiSchema, List.of(), constraints);
        return List.copyOf(constraints);
    }

    private static void collect(String kind, JsonNode schema, List<String> path, List<SchemaConstraint> into) {
        schema.fieldNames().forEachRemaining(keyword -> {
            if (keyword.equals("required")) {
                schema.get(keyword).forEach(field -> into.add(new SchemaConstraint(kind, append(path, field.asText()),
                        keyword, schema)));
            } else if (!NOT_CONSTRAINTS.contains(keyword)) {
                into.add(new SchemaConstraint(kind, path, keyword, schema));
            }
        });
        schema.path("properties").properties().forEach(property -> collect(kind, property.getValue(),
                append(path, property.getKey()), into));
        for (String nested : List.of("items", "additionalProperties")) {
            if (schema.path(nested).isObject()) {
                collect(kind, schema.get(nested), append(path, "*"), into);
            }
        }
    }

    /** For test names: {@code AIUpstream spec.targets[*].weight: minimum 1}. */
    String key() {
        return kind + " " + JsonPaths.display(path) + ": " + keyword
                + (keyword.equals("required") ? "" : " " + limit());
    }

    /**
     * The value that breaks this constraint where {@code valid} is, or empty to break it by removing the value.
     *
     * @throws AssertionError for a keyword this class has no case for
     */
    Optional<JsonNode> breaking(JsonNode valid) {
        return switch (keyword) {
            case "required" -> Optional.empty();
            case "enum" -> Optional.of(JSON.textNode(NOT_IN_ENUM));
            case "minimum" -> Optional.of(JSON.numberNode(integerLimit() - 1));
            case "maximum" -> Optional.of(JSON.numberNode(integerLimit() + 1));
            case "minLength" -> Optional.of(JSON.textNode(valid.asText().substring(0, integerLimit() - 1)));
            case "maxLength" -> Optional.of(JSON.textNode(valid.asText()
                    + "a".repeat(integerLimit() + 1 - valid.asText().length())));
            case "pattern" -> {
                if (Pattern.compile(limit()).matcher(BREAKS_PATTERNS).find()) {
                    throw new AssertionError("'" + BREAKS_PATTERNS + "' matches " + limit() + " at " + key()
                            + ": find another string that breaks it");
                }
                yield Optional.of(JSON.textNode(BREAKS_PATTERNS));
            }
            case "minItems" -> Optional.of(copies(valid.get(0), integerLimit() - 1));
            case "maxItems" -> Optional.of(copies(valid.get(0), integerLimit() + 1));
            case "minProperties" -> Optional.of(entries(valid.elements().next(), integerLimit() - 1));
            case "maxProperties" -> Optional.of(entries(valid.elements().next(), integerLimit() + 1));
            default -> throw new AssertionError("no case for the schema keyword " + keyword + " at " + key()
                    + ": teach SchemaConstraint to break it and what the API server then says");
        };
    }

    /** What the API server's refusal of {@link #breaking} says, after the field path and "Invalid value: x:". */
    String serverMessage() {
        return switch (keyword) {
            case "required" -> "Required value";
            case "enum" -> "Unsupported value: \"" + NOT_IN_ENUM + "\": supported values: "
                    + StreamSupport.stream(schema.get(keyword).spliterator(), false)
                            .map(value -> "\"" + value.asText() + "\"").collect(Collectors.joining(", "));
            case "minimum" -> "should be greater than or equal to " + integerLimit();
            case "maximum" -> "should be less than or equal to " + integerLimit();
            case "minLength" -> "should be at least " + integerLimit() + " chars long";
            case "maxLength" -> "Too long: may not be more than " + integerLimit() + " bytes";
            case "pattern" -> "should match '" + limit() + "'";
            case "minItems" -> "should have at least " + integerLimit() + " items";
            // The API server counts a map's entries as items too when there are too many.
            case "maxItems", "maxProperties" -> "must have at most " + integerLimit() + " items";
            case "minProperties" -> "should have at least " + integerLimit() + " properties";
            default -> throw new AssertionError("no message for the schema keyword " + keyword);
        };
    }

    private String limit() {
        JsonNode value = schema.get(keyword);
        return value.isNumber() ? Long.toString(value.longValue()) : value.isTextual() ? value.asText()
                : value.toString();
    }

    private int integerLimit() {
        return schema.get(keyword).intValue();
    }

    private static ArrayNode copies(JsonNode element, int count) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            array.add(element.deepCopy());
        }
        return array;
    }

    /** A map of {@code count} entries {@code k0, k1, …}, each with {@code value}. */
    private static ObjectNode entries(JsonNode value, int count) {
        ObjectNode map = JSON.objectNode();
        for (int i = 0; i < count; i++) {
            map.set("k" + i, value.deepCopy());
        }
        return map;
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path);
        longer.add(segment);
        return List.copyOf(longer);
    }
}
