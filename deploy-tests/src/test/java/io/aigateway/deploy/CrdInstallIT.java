package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.Kubectl;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.kubetest.RenderedChart;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real API server tier: the documented CRD command ({@link CrdInstallCommand}) run by the real kubectl against
 * kube-apiserver, as a first install and as the upgrade of CRDs that {@code helm install} created; the mock has no
 * server-side apply and no field managers. CRDs are cluster-wide and other tests of this JVM use the aigateway.io
 * ones, so each test applies the committed {@code crds/} under an API group of its own, and deletes them after.
 */
class CrdInstallIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();
    private static final String OLDER_RELEASE = "The schema of an older release.";

    @TempDir
    Path work;
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void deleteTheCrds() {
        created.forEach(name -> KUBE.admin().apiextensions().v1().customResourceDefinitions().withName(name)
                .delete());
    }

    @Test
    void shouldInstallTheCrdsAndApplyThemAgain() throws IOException {
        Path crds = copyOfCrds("crds", version -> { });

        kubectl(CrdInstallCommand.kubectlArguments(crds)).successOutput();
        awaitEstablished();
        kubectl(CrdInstallCommand.kubectlArguments(crds)).successOutput();

        assertThat(created).hasSize(5).allSatisfy(name -> assertThat(managers(name)).contains("kubectl/Apply"));
    }

    /**
     * Helm 3 creates a chart's crds/ with a plain create (field manager helm, operation Update), Helm 4 with a
     * server-side apply (manager helm, operation Apply); either way helm owns {@code .spec.versions} afterwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {"create --field-manager=helm -f", "apply --server-side --field-manager=helm -f"})
    void shouldUpgradeCrdsThatHelmInstalled(String helmInstall) throws IOException {
        Path olderRelease = copyOfCrds("older", version -> version.getSchema().getOpenAPIV3Schema()
                .setDescription(OLDER_RELEASE));
        Path crds = copyOfCrds("crds", version -> { });
        List<String> install = new ArrayList<>(List.of(helmInstall.split(" ")));
        install.add(olderRelease + "/");
        kubectl(install.toArray(String[]::new)).successOutput();
        awaitEstablished();

        Kubectl.Result withoutForce = kubectl("apply", "--server-side", "-f", crds + "/");
        assertThat(withoutForce.exitCode()).isNotZero();
        assertThat(withoutForce.stderr()).contains("conflict with \"helm\"").contains(".spec.versions");

        kubectl(CrdInstallCommand.kubectlArguments(crds)).successOutput();
        assertThat(created).hasSize(5).allSatisfy(name -> {
            assertThat(KUBE.admin().apiextensions().v1().customResourceDefinitions().withName(name).get().getSpec()
                    .getVersions()).extracting(version -> version.getSchema().getOpenAPIV3Schema().getDescription())
                    .doesNotContain(OLDER_RELEASE);
            assertThat(managers(name)).contains("kubectl/Apply");
        });
    }

    /** crds/ as committed, under this test's own API group, each version changed by {@code change}. */
    private Path copyOfCrds(String folder, Consumer<CustomResourceDefinitionVersion> change) throws IOException {
        String group = KUBE.namespace() + ".aigateway.io";
        Path copy = Files.createDirectories(work.resolve(folder));
        List<Path> files;
        try (Stream<Path> list = Files.list(CrdInstallCommand.REPOSITORY.resolve("crds"))) {
            files = list.sorted().toList();
        }
        for (Path file : files) {
            CustomResourceDefinition crd = RenderedChart.SERIALIZATION.convertValue(RenderedChart.readDocument(file),
                    CustomResourceDefinition.class);
            crd.getSpec().setGroup(group);
            crd.getMetadata().setName(crd.getSpec().getNames().getPlural() + "." + group);
            crd.getSpec().getVersions().forEach(version -> {
                if (version.getSchema().getOpenAPIV3Schema() == null) {
                    version.getSchema().setOpenAPIV3Schema(new JSONSchemaProps());
                }
                change.accept(version);
            });
            Files.writeString(copy.resolve(crd.getMetadata().getName() + ".yaml"),
                    RenderedChart.SERIALIZATION.asYaml(crd));
            if (!created.contains(crd.getMetadata().getName())) {
                created.add(crd.getMetadata().getName());
            }
        }
        return copy;
    }

    private void awaitEstablished() {
        await().atMost(Duration.ofSeconds(30)).until(() -> created.stream().allMatch(name -> {
            CustomResourceDefinition crd = KUBE.admin().apiextensions().v1().customResourceDefinitions()
                    .withName(name).get();
            return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                    .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        }));
    }

    /** The CRD's field managers, as manager/operation. */
    private static List<String> managers(String name) {
        return KUBE.admin().apiextensions().v1().customResourceDefinitions().withName(name).get().getMetadata()
                .getManagedFields().stream().map(CrdInstallIT::manager).toList();
    }

    private static String manager(ManagedFieldsEntry entry) {
        return entry.getManager() + "/" + entry.getOperation();
    }

    private static Kubectl.Result kubectl(String... args) {
        return KUBE.cluster().kubectl(args);
    }
}
