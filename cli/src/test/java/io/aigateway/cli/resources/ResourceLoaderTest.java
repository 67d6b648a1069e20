package io.aigateway.cli.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.compiler.ResourceRef;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLoaderTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            apiVersion: aigateway.io/v1alpha1
            kind: AIRule
            metadata: {name: chat}
            spec: {gatewayRef: {name: gw}, serviceRef: {name: svc}, path: /v1}
            """;

    private static final String SECRET = """
            apiVersion: v1
            kind: Secret
            metadata: {name: keys, namespace: team-a}
            stringData: {openai: sk-test}
            """;

    private static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: other}
            """;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @Test
    void shouldReadEveryDocumentOfAFileAndIgnoreOtherKinds() throws IOException {
        Path file = write("all.yaml", RULE + "---\n" + CONFIG_MAP + "---\n" + SECRET + "---\n");

        LoadResult result = new ResourceLoader("default").load(List.of(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.ignored()).isEqualTo(1);
        assertThat(result.resources()).extracting(LoadedResource::ref).containsExactly(
                new ResourceRef("AIRule", "default", "chat"), new ResourceRef("Secret", "team-a", "keys"));
        assertThat(result.resources()).extracting(LoadedResource::source)
                .containsExactly(file + "#1", file + "#3");
        assertThat(result.resources().get(0).resource()).isInstanceOf(AIRule.class);
        assertThat(result.resources().get(0).resource().getMetadata().getNamespace()).isEqualTo("default");
        assertThat(((Secret) result.resources().get(1).resource()).getStringData()).containsEntry("openai", "sk-test");
    }

    @Test
    void shouldReadDirectoriesRecursivelyInPathOrder() throws IOException {
        write("b/rule.yml", RULE);
        write("a/secret.yaml", SECRET);
        write("a/notes.txt", "not yaml");

        LoadResult result = new ResourceLoader("prod").load(List.of(dir));

        assertThat(result.errors()).isEmpty();
        assertThat(result.resources()).extracting(LoadedResource::ref).containsExactly(
                new ResourceRef("Secret", "team-a", "keys"), new ResourceRef("AIRule", "prod", "chat"));
    }

    @Test
    void shouldReportAMalformedDocumentWithFileLineColumnAndTheParsersWholeProblem() throws IOException {
        Path file = write("bad.yaml", RULE + "---\nkind: [unclosed\n");

        LoadResult result = new ResourceLoader("default").load(List.of(file));

        assertThat(result.resources()).hasSize(1);
        // Line 7 is the end of the file, where the parser found out; the sequence opened on line 6.
        assertThat(result.errors()).containsExactly(file + ":7:1: malformed YAML in document 2: while parsing a "
                + "flow sequence from line 6, column 7: expected ',' or ']', but got <stream end>");
    }

    @Test
    void shouldReportTheLineAndColumnOfABadIndentation() throws IOException {
        Path file = write("indent.yaml", "apiVersion: v1\nkind: Secret\n  metadata: {name: x}\n");

        LoadResult result = new ResourceLoader("default").load(List.of(file));

        assertThat(result.errors()).containsExactly(
                file + ":3:11: malformed YAML in document 1: mapping values are not allowed here");
    }

    @Test
    void shouldReportDocumentsThatAreNotResourcesAndMissingPaths() throws IOException {
        Path file = write("odd.yaml", "- a list\n---\nmetadata: {name: x}\n---\n"
                + "apiVersion: aigateway.io/v1alpha1\nkind: AIRoute\nmetadata: {name: x}\n");

        LoadResult result = new ResourceLoader("default").load(List.of(file, dir.resolve("missing.yaml")));

        assertThat(result.errors()).containsExactly(
                file + "#1: not a Kubernetes resource (a mapping with apiVersion and kind)",
                file + "#2: not a Kubernetes resource: apiVersion and kind are required",
                file + "#3: unknown kind AIRoute in aigateway.io/v1alpha1",
                dir.resolve("missing.yaml") + ": no such file or directory");
    }

    @Test
    void shouldKeepADocumentThatDoesNotMatchItsClassForTheSchemaCheck() throws IOException {
        Path file = write("typed.yaml", RULE.replace("path: /v1", "path: {not: a string}"));

        LoadResult result = new ResourceLoader("default").load(List.of(file));

        assertThat(result.errors()).isEmpty();
        assertThat(result.resources()).singleElement().satisfies(r -> {
            assertThat(r.resource()).isNull();
            assertThat(r.raw().path("spec").path("path").isObject()).isTrue();
        });
    }

    @Test
    void shouldReportAMalformedSecretWithoutPrintingItsValue() throws IOException {
        Path file = write("secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: keys}
                data: sk-must-not-be-printed
                """);

        LoadResult result = new ResourceLoader("default").load(List.of(file));

        assertThat(result.errors()).singleElement().asString()
                .contains("Secret default/keys: not a valid Secret")
                .doesNotContain("sk-must-not-be-printed");
    }
}
