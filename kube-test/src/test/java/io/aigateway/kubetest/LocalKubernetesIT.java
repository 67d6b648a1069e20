package io.aigateway.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real API server tier: the fixture's own promises, each checked against the control plane it starts. */
class LocalKubernetesIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    @Test
    void shouldServeTheKubernetesVersionBuiltFromSource() {
        assertThat(KUBE.cluster().serverVersion()).startsWith("v1.");
        assertThat(KUBE.cluster().kubectl("version", "-o", "json").successOutput())
                .contains("\"serverVersion\"").contains(KUBE.cluster().serverVersion());
    }

    @Test
    void shouldAuthorizeAServiceAccountByRbacAlone() {
        String namespace = KUBE.namespace();
        KubernetesClient admin = KUBE.admin();
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("reader").endMetadata().build()).create();
        admin.configMaps().inNamespace(namespace).resource(configMap("readable")).create();
        admin.configMaps().inNamespace(namespace).resource(configMap("hidden")).create();

        try (KubernetesClient reader = KUBE.cluster().clientAs(namespace, "reader")) {
            assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).withName("readable").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));

            admin.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata()
                    .withName("read-one").endMetadata().addNewRule().withApiGroups("").withResources("configmaps")
                    .withResourceNames("readable").withVerbs("get").endRule().build()).create();
            admin.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata()
                    .withName("read-one").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                    .withKind("Role").withName("read-one").endRoleRef().addNewSubject().withKind("ServiceAccount")
                    .withName("reader").withNamespace(namespace).endSubject().build()).create();

            await().atMost(Duration.ofSeconds(30)).ignoreException(KubernetesClientException.class).until(() ->
                    reader.configMaps().inNamespace(namespace).withName("readable").get() != null);
            assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).withName("hidden").get())
                    .isInstanceOf(KubernetesClientException.class)
                    .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
        }
    }

    @Test
    void shouldCollectTheDependentsOfADeletedOwner() {
        String namespace = KUBE.namespace();
        KubernetesClient admin = KUBE.admin();
        ConfigMap owner = admin.configMaps().inNamespace(namespace).resource(configMap("owner")).create();
        ConfigMap dependent = configMap("dependent");
        dependent.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("ConfigMap").withName("owner")
                .withUid(owner.getMetadata().getUid()).build()));
        admin.configMaps().inNamespace(namespace).resource(dependent).create();

        admin.configMaps().inNamespace(namespace).withName("owner").delete();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                admin.configMaps().inNamespace(namespace).withName("dependent").get() == null);
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .withData(Map.of("k", "v")).build();
    }
}
