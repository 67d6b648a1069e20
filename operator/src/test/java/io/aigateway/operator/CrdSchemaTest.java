package io.aigateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks on the CRDs the build generates from the API classes: what kubectl shows must be right. */
class CrdSchemaTest {

    private static final Path GENERATED = Paths.get("target/classes/META-INF/fabric8");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Filled in by Kubernetes itself; their schema is not ours to describe. */
    private static final Set<String> KUBERNETES_OWNED = Set.of("apiVersion", "kind", "metadata");
    /** Fields of Kubernetes core types: the generator copies their schema without descriptions. */
    private static final Set<String> CORE_TYPE_FIELDS = Set.of("spec.proxy.resources");

    static Stream<Path> crds() throws IOException {
        try (Stream<Path> files = Files.list(GENERATED)) {
            List<Path> crds = files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList();
            assertThat(crds).hasSize(5);
            return crds.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("crds")
    void shouldDescribeEveryFieldForKubectlExplain(Path crd) throws IOException {
        JsonNode schema = version(crd).at("/schema/openAPIV3Schema");
        List<String> undescribed = new ArrayList<>();
        schema.get("properties").fields().forEachRemaining(field -> {
            if (!KUBERNETES_OWNED.contains(field.getKey())) {
                collectUndescribed(field.getKey(), field.getValue(), undescribed);
            }
        });
        assertThat(undescribed).as("fields without a description in " + crd.getFileName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void shouldPointEveryPrinterColumnAtAFieldOfTheSchema(Path crd) throws IOException {
        JsonNode version = version(crd);
        JsonNode schema = version.at("/schema/openAPIV3Schema");
        for (JsonNode column : version.get("additionalPrinterColumns")) {
            String jsonPath = column.get("jsonPath").asText();
            if (jsonPath.startsWith(".metadata.")) {
                continue;
            }
            JsonNode node = schema;
            // ".status.conditions[?(@.type==\"Ready\")].status" walks status, conditions, items, status.
            for (String step : jsonPath.replaceAll("\\[\\?\\(.*?\\)\\]", ".[]").substring(1).split("\\.")) {
                node = step.equals("[]") ? node.get("items") : node.path("properties").get(step);
                assertThat(node).as(column.get("name").asText() + " column path " + jsonPath + " in "
                        + crd.getFileName()).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("crds")
    void shouldHaveAStatusSubresource(Path crd) throws IOException {
        assertThat(version(crd).at("/subresources/status").isObject()).isTrue();
    }

    private static void collectUndescribed(String path, JsonNode schema, List<String> undescribed) {
        if (!schema.hasNonNull("description") || schema.get("description").asText().isBlank()) {
            undescribed.add(path);
        }
        if (CORE_TYPE_FIELDS.contains(path)) {
            return;
        }
        JsonNode items = schema.get("items");
        JsonNode properties = items != null ? items.get("properties") : schema.get("properties");
        if (properties != null) {
            properties.fields().forEachRemaining(field ->
                    collectUndescribed(path + "." + field.getKey(), field.getValue(), undescribed));
        }
    }

    private static JsonNode version(Path crd) throws IOException {
        JsonNode versions = YAML.readTree(crd.toFile()).at("/spec/versions");
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }
}
