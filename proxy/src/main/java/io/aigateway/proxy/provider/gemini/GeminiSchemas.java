package io.aigateway.proxy.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.translation.TranslationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema (as OpenAI tools and {@code response_format} carry it) to Gemini's {@code Schema}, the OpenAPI 3.0
 * subset {@code generateContent} accepts. Keywords Gemini rejects and that only document or tighten validation
 * ({@code additionalProperties}, {@code $schema}, {@code strict}, {@code examples}, ...) are dropped; local
 * {@code $ref}s into {@code $defs}/{@code definitions} are inlined; a schema that cannot be expressed (a recursive
 * {@code $ref}, {@code allOf} of several schemas, tuple {@code items}) is refused naming the field.
 */
public final class GeminiSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 48;
    private static final int MAX_NODES = 5_000;
    private static final Set<String> COPIED = Set.of("title", "description", "nullable", "minItems", "maxItems",
            "minLength", "maxLength", "minimum", "maximum", "minProperties", "maxProperties", "pattern", "default",
            "example", "propertyOrdering");
    private static final Map<String, Set<String>> FORMATS = Map.of(
            "STRING", Set.of("enum", "date-time"),
            "NUMBER", Set.of("float", "double"),
            "INTEGER", Set.of("int32", "int64"));
    private static final Set<String> TYPES = Set.of("STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");

    private GeminiSchemas() {
    }

    /**
     * @param schema a JSON Schema object
     * @param field the request field holding it, named in refusals
     */
    public static ObjectNode convert(JsonNode schema, String field) {
        if (schema == null || !schema.isObject()) {
            throw new TranslationException(field, field + " must be a JSON Schema object");
        }
        return convert(new Walk(schema), schema, field, 0);
    }

    /** One conversion: the root for {@code $ref}s, the refs being expanded, and a budget against blow-ups. */
    private static final class Walk {
        final JsonNode root;
        final Set<String> expanding = new HashSet<>();
        int nodes;

        Walk(JsonNode root) {
            this.root = root;
        }
    }

    /** Whether a converted schema is an object with no properties, which Gemini refuses as function parameters. */
    public static boolean isEmptyObject(ObjectNode converted) {
        return "OBJECT".equals(converted.path("type").asText()) && converted.path("properties").isEmpty()
                && !converted.has("anyOf");
    }

    private static ObjectNode convert(Walk root, JsonNode schema, String field, int depth) {
        if (depth > MAX_DEPTH || ++root.nodes > MAX_NODES) {
            throw new TranslationException(field, field + " is too large or too deep to convert to a Gemini schema");
        }
        if (!schema.isObject()) {
            throw new TranslationException(field, field + " must be a JSON Schema object");
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String pointer = ref.asText();
            if (!root.expanding.add(pointer)) {
                throw new TranslationException(field, field + " refers to itself; Gemini schemas cannot be recursive");
            }
            ObjectNode resolved = convert(root, resolve(root.root, pointer, field), field, depth + 1);
            root.expanding.remove(pointer);
            return resolved;
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf != null) {
            if (!allOf.isArray() || allOf.size() != 1) {
                throw new TranslationException(field, field + " uses allOf of several schemas, which Gemini cannot express");
            }
            ObjectNode merged = ((ObjectNode) schema).deepCopy();
            merged.remove("allOf");
            ObjectNode inner = convert(root, allOf.get(0), field, depth + 1);
            ObjectNode outer = convert(root, merged, field, depth + 1);
            inner.setAll(outer);
            return inner;
        }
        ObjectNode out = NODES.objectNode();
        String type = type(schema, out, field);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
                case "properties" -> {
                    if (!value.isObject()) {
                        throw new TranslationException(field, field + ".properties must be an object");
                    }
                    ObjectNode props = out.putObject("properties");
                    value.fields().forEachRemaining(p -> props.set(p.getKey(),
                            convert(root, p.getValue(), field + ".properties." + p.getKey(), depth + 1)));
                }
                case "items" -> {
                    if (!value.isObject()) {
                        throw new TranslationException(field, field + ".items must be one schema; Gemini has no tuples");
                    }
                    out.set("items", convert(root, value, field + ".items", depth + 1));
                }
                case "anyOf", "oneOf" -> {
                    if (!value.isArray()) {
                        throw new TranslationException(field, field + "." + key + " must be an array");
                    }
                    ArrayNode any = out.withArray("anyOf");
                    for (JsonNode option : value) {
                        if (option.isObject() && "null".equals(option.path("type").asText())) {
                            out.put("nullable", true);
                        } else {
                            any.add(convert(root, option, field + "." + key, depth + 1));
                        }
                    }
                }
                case "required" -> {
                    if (value.isArray()) {
                        out.set("required", value.deepCopy());
                    }
                }
                case "enum" -> {
                    if (value.isArray() && ("STRING".equals(type) || type == null)) {
                        ArrayNode values = out.putArray("enum");
                        value.forEach(v -> {
                            if (!v.isNull()) {
                                values.add(v.asText());
                            } else {
                                out.put("nullable", true);
                            }
                        });
                        if (type == null) {
                            out.put("type", "STRING");
                        }
                    }
                }
                case "const" -> {
                    if (value.isTextual()) {
                        out.putArray("enum").add(value.asText());
                        if (type == null) {
                            out.put("type", "STRING");
                        }
                    }
                }
                case "format" -> {
                    if (type != null && FORMATS.getOrDefault(type, Set.of()).contains(value.asText())) {
                        out.put("format", value.asText());
                    }
                }
                default -> {
                    if (COPIED.contains(key)) {
                        out.set(key, value.deepCopy());
                    }
                }
            }
        }
        if (out.has("anyOf") && out.withArray("anyOf").size() == 1 && !out.has("type")) {
            ObjectNode only = (ObjectNode) out.withArray("anyOf").get(0);
            out.remove("anyOf");
            only.setAll(out);
            return only;
        }
        return out;
    }

    private static String type(JsonNode schema, ObjectNode out, String field) {
        JsonNode type = schema.get("type");
        if (type == null || type.isNull()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            throw new TranslationException(field, field + ".type must be a string or an array of strings");
        }
        if (types.remove("null")) {
            out.put("nullable", true);
        }
        List<String> upper = types.stream().map(t -> t.toUpperCase(Locale.ROOT)).toList();
        for (String t : upper) {
            if (!TYPES.contains(t)) {
                throw new TranslationException(field, field + ".type " + t.toLowerCase(Locale.ROOT) + " is not a JSON Schema type Gemini knows");
            }
        }
        if (upper.size() == 1) {
            out.put("type", upper.get(0));
            return upper.get(0);
        }
        if (upper.size() > 1) {
            ArrayNode any = out.withArray("anyOf");
            upper.forEach(t -> any.addObject().put("type", t));
        }
        return null;
    }

    private static JsonNode resolve(JsonNode root, String pointer, String field) {
        if (!pointer.startsWith("#/")) {
            throw new TranslationException(field, field + " refers to a schema outside itself; only local $ref is supported");
        }
        JsonNode target = root.at(pointer.substring(1));
        if (target.isMissingNode()) {
            throw new TranslationException(field, field + " refers to a schema it does not define");
        }
        return target;
    }
}
