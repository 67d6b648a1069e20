package io.aigateway.cli.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private static Path repository() {
        return TestPaths.samples().getParent();
    }
}
