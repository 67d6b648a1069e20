package io.aigateway.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.aigateway.model.AiGatewayApi;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a custom resource against its CRD as the API server would: the openAPIV3Schema (with
 * {@code com.networknt:json-schema-validator}) and the CEL rules of {@code x-kubernetes-validations} (with
 * {@code dev.cel:cel}).
 *
 * <p>The openAPIV3Schema is turned into a JSON Schema (draft 4, which OpenAPI 3.0 schemas derive from): the
 * {@code x-kubernetes-*} keywords are removed, and objects that list their properties reject unknown fields, as
 * {@code kubectl apply} does with its default strict field validation. The CEL rules are then evaluated by walking
 * the schema and the resource together, through {@code properties}, {@code additionalProperties} and array
 * {@code items}; {@code self} is the value at the rule's location. Like the API server, a rule is only evaluated
 * where a value is present.
 */
public final class ResourceValidator {

    private static final String VALIDATIONS = "x-kubernetes-validations";
    private static final String PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One thing wrong with a resource: where (a field path such as {@code spec.targets[0].weight}) and what. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path.isEmpty() ? message : path + ": " + message;
        }
    }

    /** One CEL rule of a CRD and where it sits, for example {@code spec.targets[*]}. */
    public record Rule(String kind, String path, String rule, String message) {
    }

    private final CrdSchemas crds;
    private final CelRules cel = new CelRules();
    private final Map<String, JsonSchema> jsonSchemas = new TreeMap<>();

    public ResourceValidator(CrdSchemas crds) {
        this.crds = crds;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
        crds.schemasByKind().forEach((kind, schema) ->
                jsonSchemas.put(kind, factory.getSchema(toJsonSchema(schema), config)));
    }

    /** A validator for the CRDs generated into the operator jar. */
    public static ResourceValidator fromClasspath() {
        return new ResourceValidator(CrdSchemas.fromClasspath());
    }

    /** Whether this validator knows the kind. */
    public boolean knows(String kind) {
        return jsonSchemas.containsKey(kind);
    }

    /**
     * Every problem of one resource, ordered by path.
     *
     * @param resource the whole resource as parsed from YAML or JSON: apiVersion, kind, metadata, spec, ...
     */
    public List<Problem> validate(JsonNode resource) {
        String kind = resource.path("kind").asText();
        Optional<JsonNode> crdSchema = crds.schema(kind);
        if (crdSchema.isEmpty()) {
            return List.of(new Problem("kind", "unknown kind '" + kind + "'"));
        }
        List<Problem> problems = new ArrayList<>();
        String expectedApiVersion = CrdSchemas.group() + "/" + AiGatewayApi.VERSION;
        if (!expectedApiVersion.equals(resource.path("apiVersion").asText())) {
            problems.add(new Problem("apiVersion", "must be " + expectedApiVersion + ", not '"
                    + resource.path("apiVersion").asText() + "'"));
        }
        if (resource.path("metadata").path("name").asText("").isEmpty()) {
            problems.add(new Problem("metadata.name", "required"));
        }
        for (ValidationMessage message : jsonSchemas.get(kind).validate(resource)) {
            problems.add(toProblem(message));
        }
        boolean schemaValid = problems.isEmpty();
        evaluateRules(crdSchema.get(), resource, "", schemaValid, problems);
        problems.sort(Comparator.comparing(Problem::path).thenComparing(Problem::message));
        return List.copyOf(problems);
    }

    /** Every CEL rule in the CRDs, with its location; {@code [*]} stands for any array element or map value. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        crds.schemasByKind().forEach((kind, schema) -> collectRules(kind, schema, "", rules));
        return List.copyOf(rules);
    }

    /** The CEL evaluator, shared so that tests can evaluate single rules. */
    public CelRules cel() {
        return cel;
    }

    private void evaluateRules(JsonNode schema, JsonNode value, String path, boolean reportErrors,
            List<Problem> problems) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        for (JsonNode validation : schema.path(VALIDATIONS)) {
            String rule = validation.path("rule").asText();
            try {
                if (!cel.test(rule, value)) {
                    String message = validation.path("message").asText("");
                    problems.add(new Problem(path, message.isEmpty() ? "failed rule: " + rule : message));
                }
            } catch (CelRules.InvalidRuleException e) {
                if (reportErrors) {
                    problems.add(new Problem(path, e.getMessage()));
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    evaluateRules(properties.get(field.getKey()), field.getValue(), childPath, reportErrors, problems);
                } else if (additional.isObject()) {
                    evaluateRules(additional, field.getValue(), childPath, reportErrors, problems);
                }
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                evaluateRules(schema.get("items"), value.get(i), path + "[" + i + "]", reportErrors, problems);
            }
        }
    }

    private static void collectRules(String kind, JsonNode schema, String path, List<Rule> rules) {
        for (JsonNode validation : schema.path(VALIDATIONS)) {
            rules.add(new Rule(kind, path, validation.path("rule").asText(), validation.path("message").asText()));
        }
        schema.path("properties").properties().forEach(property -> collectRules(kind, property.getValue(),
                path.isEmpty() ? property.getKey() : path + "." + property.getKey(), rules));
        if (schema.path("additionalProperties").isObject()) {
            collectRules(kind, schema.get("additionalProperties"), path + "[*]", rules);
        }
        if (schema.path("items").isObject()) {
            collectRules(kind, schema.get("items"), path + "[*]", rules);
        }
    }

    private static Problem toProblem(ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String path = location.startsWith("$.") ? location.substring(2) : location.equals("$") ? "" : location;
        String text = message.getMessage();
        if (text.startsWith(location + ": ")) {
            text = text.substring(location.length() + 2);
        }
        switch (message.getType()) {
            case "additionalProperties" -> {
                return new Problem(path.isEmpty() ? message.getProperty() : path + "." + message.getProperty(),
                        "unknown field");
            }
            case "enum" -> {
                return new Problem(path, "unsupported value " + message.getInstanceNode() + ", must be one of "
                        + message.getSchemaNode());
            }
            default -> {
                return new Problem(path, text);
            }
        }
    }

    /** The openAPIV3Schema of a CRD as a JSON Schema; see the class comment. */
    static JsonNode toJsonSchema(JsonNode openApiSchema) {
        ObjectNode root = (ObjectNode) strictCopy(openApiSchema);
        ObjectNode properties = root.withObject("properties");
        properties.set("apiVersion", JSON.objectNode().put("type", "string"));
        properties.set("kind", JSON.objectNode().put("type", "string"));
        properties.set("metadata", JSON.objectNode().put("type", "object"));
        return root;
    }

    private static JsonNode strictCopy(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode copy = JSON.arrayNode();
            schema.forEach(element -> copy.add(strictCopy(element)));
            return copy;
        }
        if (!schema.isObject()) {
            return schema.deepCopy();
        }
        ObjectNode copy = JSON.objectNode();
        schema.properties().forEach(entry -> {
            String keyword = entry.getKey();
            if (keyword.startsWith("x-kubernetes-")) {
                return;
            }
            if (keyword.equals("properties")) {
                ObjectNode properties = copy.putObject("properties");
                entry.getValue().properties().forEach(p -> properties.set(p.getKey(), strictCopy(p.getValue())));
            } else if (keyword.equals("items") || keyword.equals("additionalProperties") || keyword.equals("not")
                    || keyword.equals("anyOf") || keyword.equals("allOf") || keyword.equals("oneOf")) {
                copy.set(keyword, strictCopy(entry.getValue()));
            } else if (entry.getValue().isFloatingPointNumber()
                    && entry.getValue().doubleValue() == Math.rint(entry.getValue().doubleValue())) {
                // The generator writes 'minimum: 1.0'; messages read better with 1.
                copy.put(keyword, entry.getValue().longValue());
            } else {
                copy.set(keyword, entry.getValue().deepCopy());
            }
        });
        if (schema.has("properties") && !schema.has("additionalProperties")
                && !schema.path(PRESERVE_UNKNOWN).asBoolean(false)) {
            copy.put("additionalProperties", false);
        }
        return copy;
    }
}
