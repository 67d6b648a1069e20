package io.aigateway.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aigateway.cli.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/crd-reference.md is what {@link CrdReference} renders from crds/ and samples/. Run with
 * {@code -Ddocs.update=true} to rewrite it, then review the diff.
 */
class CrdReferenceTest {

    private static final boolean UPDATE = Boolean.getBoolean("docs.update");

    @Test
    void shouldMatchTheCommittedReference() throws IOException {
        String rendered = CrdReference.render(TestPaths.crds(), TestPaths.samples());
        Path committed = TestPaths.docs().resolve("crd-reference.md");
        if (UPDATE) {
            Files.writeString(committed, rendered);
        }
        assertThat(committed).as("docs/crd-reference.md is missing; write it with: %s", CrdReference.REGENERATE)
                .isRegularFile();
        assertThat(Files.readString(committed).replace("\r\n", "\n"))
                .as("docs/crd-reference.md is stale; rewrite it with: %s", CrdReference.REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void shouldDescribeEveryFieldWithItsTypeRequirementAndConstraints() throws IOException {
        JsonNode spec = new YAMLMapper().readTree("""
                required: [targets]
                properties:
                  mode:
                    description: "How it picks | one."
                    enum: [a, b]
                    type: string
                  headers:
                    additionalProperties: {type: string}
                    description: "Extra headers, for example <name>-routing."
                    type: object
                  targets:
                    description: The targets.
                    maxItems: 32
                    minItems: 1
                    items:
                      required: [name]
                      properties:
                        name: {type: string, maxLength: 63, pattern: "^[a-z`|]+$"}
                        weight: {type: integer, minimum: 1.0, maximum: 1.048576E8}
                      type: object
                      x-kubernetes-validations:
                      - {message: "a weight needs a name", rule: "!has(self.weight) || has(self.name)"}
                    type: array
                    x-kubernetes-validations:
                    - {message: names must be unique, rule: "self.all(t, t.name != '')"}
                """);
        StringBuilder md = new StringBuilder();

        CrdReference.renderFields(md, "spec", spec);

        assertThat(md.toString()).isEqualTo("""
                | `spec.mode` | string | How it picks \\| one. One of `a`, `b`. |
                | `spec.headers` | map[string]string | Extra headers, for example &lt;name&gt;-routing. |
                | `spec.targets` | []object | **Required.** The targets. From 1 to 32 items. \
                Rule: names must be unique (`self.all(t, t.name != '')`). \
                Rule on each item: a weight needs a name (`!has(self.weight) \\|\\| has(self.name)`). |
                | `spec.targets[].name` | string | **Required.** At most 63 characters. \
                Pattern `` ^[a-z`\\|]+$ ``. |
                | `spec.targets[].weight` | integer | From 1 to 104857600. |
                """);
    }

    @Test
    void shouldTakeEachKindsExampleFromTheSampleWithTheMostSpecValues(@TempDir Path repository) throws IOException {
        Path samples = Files.createDirectories(repository.resolve("samples/one"));
        Files.writeString(samples.resolve("a.yaml"), """
                # About the scenario, not the resource.
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata: {name: small}
                spec:
                  gatewayRef: {name: gw}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: ignored}
                """);
        Files.writeString(samples.resolve("b.yaml"), """
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata: {name: rich}
                spec:
                  gatewayRef: {name: gw}
                  # kept: a comment inside the resource
                  expiresAt: "2030-01-01T00:00:00Z"
                """);

        Map<String, CrdReference.Example> examples = CrdReference.richestExampleByKind(samples.getParent());

        assertThat(examples).containsOnlyKeys("AIKey");
        assertThat(examples.get("AIKey").source()).isEqualTo("samples/one/b.yaml");
        assertThat(examples.get("AIKey").yaml()).startsWith("apiVersion: aigateway.io/v1alpha1")
                .contains("# kept: a comment inside the resource", "name: rich");
    }
}
