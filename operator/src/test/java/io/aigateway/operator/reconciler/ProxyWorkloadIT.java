package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ProxySpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The objects that run a gateway's proxy, and how the gateway's Ready follows them. */
class ProxyWorkloadIT extends OperatorITBase {

    private static final String GATEWAY = "multi-provider";
    private static final String PROXY = GatewayNames.proxyName(GATEWAY);

    @Test
    void shouldCreateDeploymentServiceAccountRoleAndBindingOwnedByTheGateway() {
        applySample("round-robin");
        awaitProxyObjects();
        String gatewayUid = get(AIGateway.class, GATEWAY).getMetadata().getUid();

        Deployment deployment = get(Deployment.class, PROXY);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getSelector().getMatchExpressions()).isEmpty();
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/name", "aigateway-proxy", "app.kubernetes.io/instance", GATEWAY));
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/name", "aigateway-proxy",
                "app.kubernetes.io/instance", GATEWAY,
                "app.kubernetes.io/component", "proxy",
                "app.kubernetes.io/managed-by", "ai-gateway-operator",
                "aigateway.io/gateway", GATEWAY));
        assertThat(template.getMetadata().getAnnotations()).as("no config revision or hash on the pods")
                .isNullOrEmpty();

        PodSpec pod = template.getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(PROXY);
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(40L);
        assertThat(pod.getContainers().get(0).getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5L);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> assertThat(volume.getEmptyDir()).isNotNull());

        Container proxy = pod.getContainers().get(0);
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(proxy.getImage()).as("the operator's default proxy image").isEqualTo(PROXY_IMAGE);
        assertThat(proxy.getCommand()).isEmpty();
        assertThat(proxy.getArgs()).isEmpty();
        assertThat(proxy.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("http=8080", "admin=9090");
        assertThat(proxy.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, ProxyWorkloadIT::envValue)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "AIGW_GATEWAY", GATEWAY,
                        "AIGW_NAMESPACE", "fieldRef:metadata.namespace",
                        "AIGW_REPLICA", "fieldRef:metadata.name",
                        "AIGW_PORT", "8080",
                        "AIGW_ADMIN_PORT", "9090",
                        "AIGW_SHUTDOWN_GRACE_SECONDS", "25",
                        "AIGW_EVENT_LOOPS", "2"));
        assertThat(proxy.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(proxy.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(proxy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(proxy.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(proxy.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(proxy.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(proxy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(proxy.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(proxy.getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));

        Service service = get(Service.class, GATEWAY);
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).extracting(ProxyWorkloadIT::describe)
                .containsExactly("http 80->http", "metrics 9090->admin");

        // The gateway's first reconcile may run before the operator has seen the sample's rule, with no upstream in
        // its config yet: the Role follows the config, so wait for the config with the rule.
        eventually().untilAsserted(() -> assertThat(get(Role.class, PROXY).getRules())
                .extracting(ProxyWorkloadIT::describe).containsExactly(
                        "[] configmaps [get, list, watch] [multi-provider-routing]",
                        "[] secrets [get, list, watch] [multi-provider-credentials]",
                        "[aigateway.io] aiupstreams [get] [ai-providers]",
                        "[aigateway.io] aiupstreams/status [patch] [ai-providers]"));
        Role role = get(Role.class, PROXY);
        RoleBinding binding = get(RoleBinding.class, PROXY);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(PROXY);
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(PROXY);
            assertThat(subject.getNamespace()).isEqualTo(namespace);
        });

        for (HasMetadata object : List.of(deployment, service, get(ServiceAccount.class, PROXY), role, binding)) {
            assertThat(object.getMetadata().getOwnerReferences()).as(object.getKind()).singleElement()
                    .extracting(OwnerReference::getUid).isEqualTo(gatewayUid);
        }
        // The cluster has its own (bootstrap) roles: none may be the proxy's, nor bind its ServiceAccount.
        assertThat(client.rbac().clusterRoles().list().getItems()).as("nothing cluster-wide")
                .noneMatch(clusterRole -> clusterRole.getMetadata().getName().contains(GATEWAY));
        assertThat(client.rbac().clusterRoleBindings().list().getItems()).as("nothing cluster-wide")
                .flatMap(clusterBinding -> clusterBinding.getSubjects() == null ? List.of()
                        : clusterBinding.getSubjects())
                .noneMatch(subject -> PROXY.equals(subject.getName()) && namespace.equals(subject.getNamespace()));
    }

    @Test
    void shouldGrantNoUpstreamRightsWhileTheGatewayUsesNone() {
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata:
                  name: bare
                spec:
                  proxy:
                    image: registry.example/aigw/proxy:custom
                    port: 8000
                    replicas: 1
                    resources:
                      requests: {cpu: 250m, memory: 300Mi}
                """);
        String proxy = GatewayNames.proxyName("bare");
        eventually().untilAsserted(() -> {
            assertThat(get(Role.class, proxy)).isNotNull();
            assertThat(get(Deployment.class, proxy)).isNotNull();
            assertThat(get(Service.class, "bare")).isNotNull();
        });

        assertThat(get(Role.class, proxy).getRules()).extracting(ProxyWorkloadIT::describe).containsExactly(
                "[] configmaps [get, list, watch] [bare-routing]",
                "[] secrets [get, list, watch] [bare-credentials]");
        Deployment deployment = get(Deployment.class, proxy);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/aigw/proxy:custom");
        assertThat(container.getResources()).isEqualTo(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("250m")).addToRequests("memory", new Quantity("300Mi")).build());
        assertThat(get(Service.class, "bare").getSpec().getPorts()).extracting(ProxyWorkloadIT::describe)
                .containsExactly("http 8000->http", "metrics 9090->admin");
    }

    @Test
    void shouldScaleTheDeploymentWhenSpecProxyReplicasChanges() {
        applySample("round-robin");
        awaitProxyObjects();

        editGateway(gateway -> {
            gateway.getSpec().setProxy(new ProxySpec());
            gateway.getSpec().getProxy().setReplicas(5);
            return gateway;
        });

        eventually().untilAsserted(() -> assertThat(get(Deployment.class, PROXY).getSpec().getReplicas())
                .isEqualTo(5));
    }

    @Test
    void shouldAddAnUpstreamTheConfigStartsUsingToTheRole() {
        applySample("round-robin");
        awaitProxyObjects();

        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: local-models
                spec:
                  algorithm: round-robin
                  targets:
                    - name: vllm
                      provider: openai
                      baseUrl: http://vllm.models.svc:8000/v1
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIService
                metadata:
                  name: local-chat
                spec:
                  upstreamRef: {name: local-models}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata:
                  name: local
                spec:
                  gatewayRef: {name: multi-provider}
                  serviceRef: {name: local-chat}
                  path: /local
                """);

        eventually().untilAsserted(() -> assertThat(get(Role.class, PROXY).getRules())
                .filteredOn(rule -> rule.getResources().get(0).startsWith("aiupstreams"))
                .extracting(PolicyRule::getResourceNames)
                .containsExactly(List.of("ai-providers", "local-models"), List.of("ai-providers", "local-models")));
    }

    @Test
    void shouldLeaveThePodTemplateAloneWhenOnlyTheConfigChanges() {
        applySample("round-robin");
        awaitProxyObjects();
        // From the settled config, so that the new revision is the edit's and not the sample's rule arriving late.
        awaitQuiet();
        Deployment before = get(Deployment.class, PROXY);
        String revision = configRevision();

        edit(AIRule.class, "chat", rule -> {
            rule.getSpec().setPath("/v2");
            return rule;
        });

        eventually().untilAsserted(() -> assertThat(configRevision()).isNotEqualTo(revision));
        Deployment after = get(Deployment.class, PROXY);
        assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
    }

    @Test
    void shouldBeReadyOnlyWhileAProxyReplicaIsAvailable() {
        applySample("round-robin");
        awaitProxyObjects();
        eventually().untilAsserted(() -> assertReady("False", "ProxyUnavailable",
                "0 of 2 proxy replicas are available; see kubectl describe deployment multi-provider-proxy"));

        setProxyAvailable(GATEWAY, 1);
        eventually().untilAsserted(() -> {
            assertReady("True", "ProxyAvailable", "1 of 2 proxy replicas are available");
            assertThat(get(AIGateway.class, GATEWAY).getStatus().getReplicas()).isEqualTo(2);
            assertThat(get(AIGateway.class, GATEWAY).getStatus().getReadyReplicas()).isEqualTo(1);
        });

        setProxyAvailable(GATEWAY, 0);
        eventually().untilAsserted(() -> {
            assertReady("False", "ProxyUnavailable", "0 of 2 proxy replicas are available");
            assertThat(get(AIGateway.class, GATEWAY).getStatus().getReadyReplicas()).isZero();
        });

        editGateway(gateway -> {
            gateway.getSpec().setProxy(new ProxySpec());
            gateway.getSpec().getProxy().setReplicas(0);
            return gateway;
        });
        eventually().untilAsserted(() -> assertReady("False", "ProxyScaledToZero", "spec.proxy.replicas is 0"));
    }

    /**
     * An admission policy of the cluster refuses the proxy's Deployment: Ready says so, naming the object and
     * quoting the API server, and the retries create it once the policy is gone.
     */
    @Test
    void shouldReportARefusedWriteInReadyAndWriteItOnceTheApiServerAllowsIt() {
        String policy = "freeze-deployments-" + namespace;
        List<HasMetadata> freeze = client.load(new java.io.ByteArrayInputStream(("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %1$s}
                spec:
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [apps]
                        apiVersions: [v1]
                        operations: [CREATE, UPDATE]
                        resources: [deployments]
                  validations:
                    - expression: "false"
                      message: deployments are frozen in this namespace
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %1$s}
                spec:
                  policyName: %1$s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %2$s}
                """.formatted(policy, namespace)).getBytes(java.nio.charset.StandardCharsets.UTF_8))).items();
        try {
            freeze.forEach(object -> client.resource(object).serverSideApply());
            // The policy takes effect once the API server has loaded it: until a Deployment is refused.
            eventually().until(() -> refusesDeployments());

            applySample("round-robin");
            eventually().untilAsserted(() -> {
                assertReady("False", "WriteFailed", "Could not write Deployment multi-provider-proxy: ");
                assertReady("False", "WriteFailed", "deployments are frozen in this namespace");
            });
            assertThat(get(Deployment.class, PROXY)).isNull();
            assertThat(get(AIGateway.class, GATEWAY).getStatus().getConfigRevision())
                    .as("the routing config was written").isNotNull();
        } finally {
            freeze.forEach(object -> client.resource(object).delete());
        }

        setProxyAvailable(GATEWAY, 1);
        eventually().untilAsserted(() -> assertReady("True", "ProxyAvailable", "1 of 2 proxy replicas"));
    }

    private boolean refusesDeployments() {
        Deployment probe = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata()
                .withName("admission-probe").endMetadata().withNewSpec().withNewSelector()
                .addToMatchLabels("app", "probe").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "probe").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("probe").endContainer().endSpec().endTemplate().endSpec().build();
        try {
            client.apps().deployments().inNamespace(namespace).resource(probe).dryRun().create();
            return false;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return e.getCode() == 422 || e.getCode() == 403;
        }
    }

    private void assertReady(String status, String reason, String message) {
        Condition ready = conditions(AIGateway.class, GATEWAY).get("Ready");
        assertThat(ready).as("Ready").isNotNull();
        assertThat(ready.getStatus()).isEqualTo(status);
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).contains(message);
    }

    private void awaitProxyObjects() {
        eventually().untilAsserted(() -> {
            assertThat(get(Deployment.class, PROXY)).as("Deployment").isNotNull();
            assertThat(get(Service.class, GATEWAY)).as("Service").isNotNull();
            assertThat(get(ServiceAccount.class, PROXY)).as("ServiceAccount").isNotNull();
            assertThat(get(Role.class, PROXY)).as("Role").isNotNull();
            assertThat(get(RoleBinding.class, PROXY)).as("RoleBinding").isNotNull();
        });
    }

    private void editGateway(UnaryOperator<AIGateway> edit) {
        edit(AIGateway.class, GATEWAY, edit);
    }

    private String configRevision() {
        return get(AIGateway.class, GATEWAY).getStatus().getConfigRevision();
    }

    private static String envValue(EnvVar env) {
        return env.getValueFrom() == null ? env.getValue()
                : "fieldRef:" + env.getValueFrom().getFieldRef().getFieldPath();
    }

    private static String describe(ServicePort port) {
        return port.getName() + " " + port.getPort() + "->" + port.getTargetPort().getStrVal();
    }

    private static String describe(PolicyRule rule) {
        return rule.getApiGroups() + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs() + " " + rule.getResourceNames();
    }
}
