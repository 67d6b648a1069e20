package io.aigateway.cli.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.aigateway.cli.TestPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Argo CD Applications of samples/argocd parse and point at what this repository holds. */
class ArgoCdApplicationsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void shouldInstallTheChartWithServerSideApply() throws IOException {
        GenericKubernetesResource application = application("operator-application.yaml");

        assertThat(application.<String>get("spec", "source", "path")).isEqualTo("charts/ai-gateway-operator");
        assertThat(application.<List<String>>get("spec", "syncPolicy", "syncOptions"))
                .contains("ServerSideApply=true", "CreateNamespace=true");
        assertThat(application.<Object>get("spec", "syncPolicy", "automated", "prune"))
                .as("pruning a CRD deletes every resource of its kind").isNotEqualTo(true);
        assertThat(repository().resolve("charts/ai-gateway-operator/Chart.yaml")).isRegularFile();
    }

    @Test
    void shouldSyncASampleFolderOfGatewayResources() throws IOException {
        GenericKubernetesResource application = application("gateway-application.yaml");

        String path = application.get("spec", "source", "path");
        assertThat(repository().resolve(path).resolve("gateway.yaml")).isRegularFile();
        assertThat(application.<List<String>>get("spec", "syncPolicy", "syncOptions"))
                .contains("SkipDryRunOnMissingResource=true");
    }

    /**
     * With automated prune and selfHeal, a synced Secret holding placeholder keys would overwrite the user's real
     * one and be put back after every change to it: the gateway Application syncs the folder's resources, and no
     * Secret.
     */
    @Test
    void shouldSyncTheGatewayFolderWithoutItsPlaceholderSecrets() throws IOException {
        GenericKubernetesResource application = application("gateway-application.yaml");

        List<Path> synced = syncedFiles(application);
        assertThat(synced).extracting(file -> file.getFileName().toString()).contains("gateway.yaml");
        for (Path file : synced) {
            try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                    .readValues(file.toFile())) {
                // Kind and name only: a failure must not print what a Secret holds.
                assertThat(documents.readAll()).as(file.toString()).extracting(document -> document.path("kind")
                        .asText() + "/" + document.path("metadata").path("name").asText())
                        .noneMatch(resource -> resource.startsWith("Secret/"));
            }
        }
    }

    @Test
    void shouldTakeBothApplicationsFromTheSameRepository() throws IOException {
        assertThat(application("gateway-application.yaml").<String>get("spec", "source", "repoURL"))
                .isEqualTo(application("operator-application.yaml").get("spec", "source", "repoURL"));
    }

    private static GenericKubernetesResource application(String file) throws IOException {
        GenericKubernetesResource resource = SERIALIZATION.unmarshal(
                Files.readString(TestPaths.samples().resolve("argocd").resolve(file)),
                GenericKubernetesResource.class);
        assertThat(resource.getApiVersion()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(resource.getKind()).isEqualTo("Application");
        assertThat(resource.getMetadata().getNamespace()).isEqualTo("argocd");
        return resource;
    }

    /**
     * The files a directory-type Application syncs, as Argo CD's repo server picks them: the .yaml, .yml and .json
     * files of {@code spec.source.path} (and below it with {@code directory.recurse}), minus those whose path
     * relative to it matches {@code directory.exclude}, and only those matching {@code directory.include} when set.
     * The globs are Java's, whose {@code *} stops at a {@code /} where Argo CD's does not: the same for the files
     * directly in the path.
     */
    private static List<Path> syncedFiles(GenericKubernetesResource application) throws IOException {
        Path root = repository().resolve(application.<String>get("spec", "source", "path"));
        Map<String, Object> directory = application.<Map<String, Object>>get("spec", "source", "directory");
        Map<String, Object> options = directory == null ? Map.of() : directory;
        int depth = Boolean.TRUE.equals(options.get("recurse")) ? Integer.MAX_VALUE : 1;
        Predicate<Path> excluded = matcher(options.get("exclude"), false);
        Predicate<Path> included = matcher(options.get("include"), true);
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
                    .filter(file -> !excluded.test(root.relativize(file)) && included.test(root.relativize(file)))
                    .sorted().toList();
        }
    }

    private static Predicate<Path> matcher(Object glob, boolean whenUnset) {
        if (glob == null || glob.toString().isEmpty()) {
            return file -> whenUnset;
        }
        return FileSystems.getDefault().getPathMatcher("glob:" + glob)::matches;
    }

    private static Path repository() {
        return TestPaths.samples().getParent();
    }
}
