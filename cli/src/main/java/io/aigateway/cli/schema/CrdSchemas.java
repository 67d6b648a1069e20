package io.aigateway.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The openAPIV3Schema of each of our CRDs, read from the CRDs the operator's build generates into its jar
 * ({@code META-INF/fabric8/<plural>.aigateway.io-v1.yml}), the same files that are committed to {@code crds/}.
 */
public final class CrdSchemas {

    /** Our custom resource classes, one per CRD. */
    public static final List<Class<? extends HasMetadata>> RESOURCE_CLASSES =
            List.of(AIGateway.class, AIKey.class, AIRule.class, AIService.class, AIUpstream.class);

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Map<String, JsonNode> schemaByKind;

    private CrdSchemas(Map<String, JsonNode> schemaByKind) {
        this.schemaByKind = schemaByKind;
    }

    /** The CRDs generated into the operator jar, found on the class path. */
    public static CrdSchemas fromClasspath() {
        Map<String, JsonNode> schemas = new TreeMap<>();
        for (Class<? extends HasMetadata> type : RESOURCE_CLASSES) {
            JsonNode crd = readCrd(generatedCrdResource(type));
            schemas.put(HasMetadata.getKind(type), openApiSchema(crd, HasMetadata.getVersion(type)));
        }
        return new CrdSchemas(schemas);
    }

    /** Class path location of the generated CRD of a resource class. */
    public static String generatedCrdResource(Class<? extends HasMetadata> type) {
        return "META-INF/fabric8/" + HasMetadata.getFullResourceName(type) + "-v1.yml";
    }

    /** File name of the committed copy in {@code crds/}. */
    public static String committedCrdFileName(Class<? extends HasMetadata> type) {
        return HasMetadata.getFullResourceName(type) + ".yaml";
    }

    /** The group all our kinds belong to. */
    public static String group() {
        return AiGatewayApi.GROUP;
    }

    public Optional<JsonNode> schema(String kind) {
        return Optional.ofNullable(schemaByKind.get(kind));
    }

    public Map<String, JsonNode> schemasByKind() {
        return Map.copyOf(schemaByKind);
    }

    private static JsonNode readCrd(String resource) {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path; build the operator module");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static JsonNode openApiSchema(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                JsonNode schema = v.path("schema").path("openAPIV3Schema");
                if (schema.isObject()) {
                    return schema;
                }
            }
        }
        throw new IllegalStateException("CRD " + crd.path("metadata").path("name").asText()
                + " has no openAPIV3Schema for version " + version);
    }
}
